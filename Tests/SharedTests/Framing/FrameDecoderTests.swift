/// FrameDecoder: partial reads, several frames per read, the size limit, and every malformed frame.
import Shared
import Testing

@Suite struct FrameDecoderTests {
    /// Feeds `chunk` and returns the frames it completes, as a server loop does after each read.
    func read(_ chunk: some Sequence<UInt8>, into decoder: inout FrameDecoder) throws -> [Frame] {
        decoder.feed(chunk)
        var frames: [Frame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        return frames
    }

    static let hello = #"{"type":"hello","protocol":1,"agent":"prx/0.9.0"}"#
    static let ack = #"{"type":"ack","seq":42}"#

    @Test func byteByByteFeedingYieldsEachFrameOnItsLastByte() throws {
        let stream = FrameText.bytes(Self.hello) + FrameText.bytes(Self.ack)
        var decoder = FrameDecoder()
        var frames: [Frame] = []
        for (index, byte) in stream.enumerated() {
            decoder.feed([byte])
            while let frame = try decoder.next() {
                frames.append(frame)
                #expect(index == 4 + 49 - 1 || index == stream.count - 1)
            }
        }
        #expect(frames.map(\.type) == ["hello", "ack"])
        #expect(frames[1].object["seq"] == .int(42))
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func severalFramesInOneRead() throws {
        var decoder = FrameDecoder()
        let frames = try read(
            FrameText.bytes(Self.hello) + FrameText.bytes(Self.ack) + FrameText.bytes(Self.ack), into: &decoder)
        #expect(frames.map(\.type) == ["hello", "ack", "ack"])
    }

    @Test func lengthPrefixSplitAcrossReads() throws {
        let bytes = FrameText.bytes(Self.ack)
        var decoder = FrameDecoder()
        #expect(try read(bytes[0..<2], into: &decoder).isEmpty)
        #expect(try read(bytes[2..<3], into: &decoder).isEmpty)
        #expect(try read(bytes[3..<10], into: &decoder).isEmpty)
        #expect(try read(bytes[10...] + bytes[0..<1], into: &decoder).map(\.type) == ["ack"])
        #expect(decoder.bufferedByteCount == 1)
    }

    @Test func frameOfExactlyTheLimitIsAcceptedAndOneMoreIsRejected() throws {
        // {"type":"x","p":"aaa…"} padded to exactly `limit` bytes.
        for limit in [64, Frame.defaultMaxBytes] {
            let overhead = #"{"type":"x","p":""}"#.utf8.count
            let atLimit = #"{"type":"x","p":""# + String(repeating: "a", count: limit - overhead) + #""}"#
            #expect(atLimit.utf8.count == limit)
            let (frames, error) = FrameText.decodeAll(FrameText.bytes(atLimit), limit: limit)
            #expect(error == nil)
            #expect(frames.count == 1)

            let overLimit = #"{"type":"x","p":""# + String(repeating: "a", count: limit + 1 - overhead) + #""}"#
            #expect(
                FrameText.decodeAll(FrameText.bytes(overLimit), limit: limit).1
                    == .frameTooLarge(length: limit + 1, limit: limit))
        }
    }

    @Test func overLimitLengthIsRejectedOnItsFourPrefixBytesWithoutBuffering() {
        var decoder = FrameDecoder()
        decoder.feed(Frame.lengthPrefix(UInt32.max))
        #expect(throws: FrameError.frameTooLarge(length: Int(UInt32.max), limit: Frame.defaultMaxBytes)) {
            try decoder.next()
        }
        #expect(decoder.bufferedByteCount == 0)
        decoder.feed([UInt8](repeating: 0x41, count: 1000))
        #expect(decoder.bufferedByteCount == 0)
        #expect(decoder.hasFailed)
    }

    @Test func framesBeforeAMalformedOneAreDeliveredAndTheDecoderStaysFailed() throws {
        var decoder = FrameDecoder()
        decoder.feed(FrameText.bytes(Self.ack) + [0, 0, 0, 0] + FrameText.bytes(Self.ack))
        #expect(try decoder.next()?.type == "ack")
        #expect(throws: FrameError.emptyFrame) { try decoder.next() }
        #expect(throws: FrameError.emptyFrame) { try decoder.next() }
    }

    static let malformed: [(payload: [UInt8], error: FrameError)] = [
        (Array(#"{"type":"x","b":""#.utf8) + [0xFF, 0x22, 0x7D], .invalidUTF8(offset: 17)),
        ([0x7B, 0xC0, 0xAF, 0x7D], .invalidUTF8(offset: 1)),  // overlong "/"
        ([0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8(offset: 1)),  // UTF-8 encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8(offset: 1)),  // above U+10FFFF
        ([0x22, 0xE2, 0x82], .invalidUTF8(offset: 1)),  // truncated sequence
        (Array(#"{"type":"x",}"#.utf8), .invalidJSON(JSONSyntaxError(offset: 12, problem: .unexpectedByte(0x7D)))),
        (Array(#"{"type":"x""#.utf8), .invalidJSON(JSONSyntaxError(offset: 11, problem: .unexpectedEnd))),
        (Array(#"{"type":"x"} {}"#.utf8), .invalidJSON(JSONSyntaxError(offset: 13, problem: .trailingData))),
        (
            [0xEF, 0xBB, 0xBF] + Array(#"{"type":"x"}"#.utf8),
            .invalidJSON(JSONSyntaxError(offset: 0, problem: .unexpectedByte(0xEF)))
        ),
        (Array("[1,2]".utf8), .notAnObject(found: .array)),
        (Array(#""hello""#.utf8), .notAnObject(found: .string)),
        (Array("42".utf8), .notAnObject(found: .number)),
        (Array("null".utf8), .notAnObject(found: .null)),
        (Array(#"{"kind":"hello"}"#.utf8), .missingType),
        (Array(#"{"type":7}"#.utf8), .typeNotString(found: .number)),
        (Array(#"{"type":null}"#.utf8), .typeNotString(found: .null)),
    ]

    @Test(arguments: malformed.indices)
    func everyMalformedPayloadIsATypedError(index: Int) {
        let (payload, expected) = Self.malformed[index]
        let (frames, error) = FrameText.decodeAll(Frame.lengthPrefix(UInt32(payload.count)) + payload)
        #expect(frames.isEmpty)
        #expect(error == expected)
        #expect(error.map { !$0.description.isEmpty } == true)
    }

    @Test func zeroLengthIsAnEmptyFrameError() {
        #expect(FrameText.decodeAll([0, 0, 0, 0]).1 == .emptyFrame)
    }

    @Test func errorDescriptionsSayWhatToDo() {
        #expect(
            FrameError.frameTooLarge(length: 2_000_000, limit: 1_048_576).description.contains(
                "2000000 exceeds the limit of 1048576"))
        #expect(
            FrameError.invalidJSON(JSONSyntaxError(offset: 12, problem: .unexpectedByte(0x7D))).description
                == "payload is not valid JSON: unexpected character '}' at byte 12 of the payload")
    }

    @Test func incompleteStreamIsNotAnError() throws {
        var decoder = FrameDecoder()
        #expect(try read(FrameText.bytes(Self.hello).dropLast(), into: &decoder).isEmpty)
        #expect(decoder.bufferedByteCount == 4 + 48)
        #expect(!decoder.hasFailed)
    }
}
