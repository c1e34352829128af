/// A bounded mutation-fuzz run of the Olm message decoders and session decryption (fixed seed).
import MatrixCrypto
import Testing
import TestSupport

@Suite struct OlmFuzzTests {
    @Test func twentyThousandMutatedMessagesAreRejectedSafely() async throws {
        // Seconds of CPU in a debug build: on a thread of its own, not the cooperative pool's.
        let decryptAttempts = try await offCooperativePool {
            var fuzzer = try OlmFuzzer(seed: 0x0_1D5E_ED)
            try fuzzer.run(iterations: 20_000)
            return fuzzer.decryptAttempts
        }
        // The mutations are shallow enough that a good share reaches the MAC check, not just the decoder.
        #expect(decryptAttempts > 5_000)
    }
}
