/// FrameEncoder: byte-exact frames, the limit on the sending side.
import Shared
import Testing

@Suite struct FrameEncoderTests {
    @Test func helloFrameIsByteExact() throws {
        let bytes = try FrameEncoder().encode(AgentRequest.hello(protocolVersion: 1, agent: "prx/0.9.0"))
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
        #expect(
            hex == "00 00 00 31 7b 22 74 79 70 65 22 3a 22 68 65 6c 6c 6f 22 2c 22 70 72 6f 74 6f 63 6f 6c 22 3a 31 2c"
                + " 22 61 67 65 6e 74 22 3a 22 70 72 78 2f 30 2e 39 2e 30 22 7d")
        #expect(Array(bytes.dropFirst(4)) == Array(#"{"type":"hello","protocol":1,"agent":"prx/0.9.0"}"#.utf8))
    }

    @Test func encoderRefusesPayloadsOverItsLimit() throws {
        let encoder = FrameEncoder(maxFrameBytes: 20)
        #expect(try encoder.encode(["type": "x", "p": "1"]).count == 4 + 20)  // {"type":"x","p":"1"}
        #expect(throws: FrameError.frameTooLarge(length: 21, limit: 20)) {
            try encoder.encode(["type": "x", "p": "12"])
        }
    }

    @Test func encodedFramesDecodeToTheSameObject() throws {
        var mutator = FrameMutator(seed: 3)
        var decoder = FrameDecoder()
        for _ in 0..<500 {
            let object = mutator.validObject()
            decoder.feed(try FrameEncoder().encode(object))
            #expect(try decoder.next()?.object == object)
        }
    }
}
