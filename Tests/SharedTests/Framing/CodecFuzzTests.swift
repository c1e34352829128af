/// The bounded fuzz run of the frame codec in the suite: same generator and properties as `scripts/fuzz codec`.
import Shared
import Testing
import TestSupport

@Suite struct CodecFuzzTests {
    @Test func twentyThousandMutatedStreamsKeepEveryProperty() async throws {
        // Seconds of CPU in a debug build: on a thread of its own, so the cooperative pool keeps serving
        // the other tests of the run (it has one thread per core).
        let report = try await offCooperativePool { try FrameCodecFuzz.run(iterations: 20_000, seed: 0x5EED_C0DE) }
        #expect(report.inputs == 20_000)
        // The run reached every outcome: messages, rejected messages and each kind of malformed frame.
        #expect(report.messages > 1_000)
        #expect(report.messageErrors > 100)
        for kind in ["empty", "too_large", "utf8", "json", "not_object", "no_type", "type_not_string"] {
            #expect(report.frameErrors[kind, default: 0] > 0, "no stream ended in \(kind)")
        }
    }
}
