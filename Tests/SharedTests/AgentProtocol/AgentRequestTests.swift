/// Decoding and validation of every agent → daemon request of PROTOCOL.md.
import Shared
import Testing

@Suite struct AgentRequestTests {
    func request(_ json: String) throws -> AgentRequest { try AgentRequest(frame: FrameText.frame(json)) }

    @Test func decodesPROTOCOLExamples() throws {
        #expect(
            try request(#"{"type":"hello","protocol":1,"agent":"prx/0.9.0"}"#)
                == .hello(protocolVersion: 1, agent: "prx/0.9.0"))
        #expect(try request(#"{"type":"ack","seq":42}"#) == .ack(seq: 42))
        #expect(
            try request(
                #"{"type":"send","id":"c-17","room_id":"!abc:example.org","body":"**hello**","format":"markdown","msgtype":"m.text","reply_to":"$ev","thread_root":"$root"}"#
            )
                == .send(
                    SendRequest(
                        id: "c-17", roomID: "!abc:example.org", body: "**hello**", replyTo: "$ev", threadRoot: "$root"))
        )
        #expect(
            try request(#"{"type":"react","id":"c-18","room_id":"!abc:example.org","event_id":"$ev","key":"👍"}"#)
                == .react(ReactRequest(id: "c-18", roomID: "!abc:example.org", eventID: "$ev", key: "👍")))
        #expect(
            try request(#"{"type":"typing","room_id":"!abc:example.org","typing":true,"timeout_ms":30000}"#)
                == .typing(TypingRequest(roomID: "!abc:example.org", typing: true, timeoutMS: 30_000)))
        #expect(try request(#"{"type":"done","event_id":"$ev"}"#) == .done(eventID: "$ev"))
        #expect(try request(#"{"type":"ping","id":"p1"}"#) == .ping(id: "p1"))
    }

    @Test func encodesPROTOCOLExamplesByteExactly() throws {
        let examples = [
            #"{"type":"hello","protocol":1,"agent":"prx/0.9.0"}"#,
            #"{"type":"ack","seq":42}"#,
            #"{"type":"send","id":"c-17","room_id":"!abc:example.org","body":"**hello**","format":"markdown","msgtype":"m.text","reply_to":"$ev","thread_root":"$root"}"#,
            #"{"type":"react","id":"c-18","room_id":"!abc:example.org","event_id":"$ev","key":"👍"}"#,
            #"{"type":"typing","room_id":"!abc:example.org","typing":true,"timeout_ms":30000}"#,
            #"{"type":"done","event_id":"$ev"}"#,
            #"{"type":"ping","id":"p1"}"#,
        ]
        for example in examples { #expect(FrameText.text(try request(example)) == example) }
    }

    @Test func optionalFieldsDefaultAsPROTOCOLSays() throws {
        let send = try request(#"{"type":"send","id":"x","body":"hi"}"#)
        #expect(send == .send(SendRequest(id: "x", roomID: nil, body: "hi", format: .markdown, msgtype: .text)))
        #expect(try request(#"{"type":"typing","typing":false}"#) == .typing(TypingRequest(typing: false)))
        #expect(try request(#"{"type":"ping"}"#) == .ping(id: nil))
        #expect(try request(#"{"type":"hello","protocol":2}"#) == .hello(protocolVersion: 2, agent: nil))
        #expect(
            try request(#"{"type":"send","id":"x","body":"hi","room_id":null,"format":"plain","msgtype":"m.notice"}"#)
                == .send(SendRequest(id: "x", body: "hi", format: .plain, msgtype: .notice)))
    }

    @Test func unknownFieldsAreIgnoredAndUnknownTypesAreNotErrors() throws {
        #expect(try request(#"{"type":"ack","seq":3,"future":{"x":[1]}}"#) == .ack(seq: 3))
        #expect(try request(#"{"type":"subscribe","room":"!a"}"#) == .unknown(type: "subscribe"))
    }

    static let invalid: [(json: String, field: String, id: String?, problem: MessageError.Problem)] = [
        (#"{"type":"hello"}"#, "protocol", nil, .missing),
        (#"{"type":"hello","protocol":"1"}"#, "protocol", nil, .wrongKind(expected: "an integer", found: .string)),
        (#"{"type":"hello","protocol":1,"agent":5}"#, "agent", nil, .wrongKind(expected: "a string", found: .number)),
        (#"{"type":"ack"}"#, "seq", nil, .missing),
        (#"{"type":"ack","seq":0}"#, "seq", nil, .invalidValue(rule: "must be a positive integer")),
        (#"{"type":"ack","seq":-4}"#, "seq", nil, .invalidValue(rule: "must be a positive integer")),
        (#"{"type":"ack","seq":4.5}"#, "seq", nil, .wrongKind(expected: "an integer", found: .number)),
        (#"{"type":"ack","seq":"4"}"#, "seq", nil, .wrongKind(expected: "an integer", found: .string)),
        (#"{"type":"send","body":"hi"}"#, "id", nil, .missing),
        (#"{"type":"send","id":"","body":"hi"}"#, "id", nil, .invalidValue(rule: "must be 1 to 128 characters")),
        (
            #"{"type":"send","id":"\#(String(repeating: "x", count: 129))","body":"hi"}"#, "id", nil,
            .invalidValue(rule: "must be 1 to 128 characters")
        ),
        (#"{"type":"send","id":"c-1"}"#, "body", "c-1", .missing),
        (#"{"type":"send","id":"c-1","body":""}"#, "body", "c-1", .invalidValue(rule: "must not be empty")),
        (
            #"{"type":"send","id":"c-1","body":"x","format":"html"}"#, "format", "c-1",
            .invalidValue(rule: #"must be one of "markdown", "plain""#)
        ),
        (
            #"{"type":"send","id":"c-1","body":"x","msgtype":"m.emote"}"#, "msgtype", "c-1",
            .invalidValue(rule: #"must be one of "m.text", "m.notice""#)
        ),
        (
            #"{"type":"send","id":"c-1","body":"x","room_id":7}"#, "room_id", "c-1",
            .wrongKind(expected: "a string", found: .number)
        ),
        (
            #"{"type":"send","id":"c-1","body":"x","room_id":""}"#, "room_id", "c-1",
            .invalidValue(rule: "must be 1 to 255 bytes")
        ),
        (
            #"{"type":"send","id":"c-1","body":"x","reply_to":["$a"]}"#, "reply_to", "c-1",
            .wrongKind(expected: "a string", found: .array)
        ),
        (#"{"type":"react","id":"c-2","key":"👍"}"#, "event_id", "c-2", .missing),
        (
            #"{"type":"react","id":"c-2","event_id":"$e","key":""}"#, "key", "c-2",
            .invalidValue(rule: "must not be empty")
        ),
        (#"{"type":"typing"}"#, "typing", nil, .missing),
        (#"{"type":"typing","typing":1}"#, "typing", nil, .wrongKind(expected: "true or false", found: .number)),
        (
            #"{"type":"typing","typing":true,"timeout_ms":0}"#, "timeout_ms", nil,
            .invalidValue(rule: "must be an integer from 1 to 3600000")
        ),
        (
            #"{"type":"typing","typing":true,"timeout_ms":3600001}"#, "timeout_ms", nil,
            .invalidValue(rule: "must be an integer from 1 to 3600000")
        ),
        (#"{"type":"done"}"#, "event_id", nil, .missing),
        (#"{"type":"ping","id":""}"#, "id", nil, .invalidValue(rule: "must be 1 to 128 characters")),
    ]

    @Test(arguments: invalid.indices)
    func invalidRequestNamesTheFieldAndTheRequestID(index: Int) throws {
        let (json, field, id, problem) = Self.invalid[index]
        let frame = try FrameText.frame(json)
        let expected = MessageError(type: frame.type, field: field, problem: problem, id: id)
        #expect(throws: expected) { try AgentRequest(frame: frame) }
        let answer = AgentError(expected)
        #expect(answer.code == .badRequest)
        #expect(answer.field == field)
        #expect(answer.id == id)
        #expect(answer.message.contains("\"\(field)\""))
    }

    @Test func idLengthCountsUnicodeScalars() throws {
        let id = String(repeating: "é", count: 128)
        #expect(
            try request(#"{"type":"react","id":"\#(id)","event_id":"$e","key":"k"}"#)
                == .react(ReactRequest(id: id, eventID: "$e", key: "k")))
        // 65 characters, but 130 scalars (e + combining acute accent): too long, as Python's len() says.
        let combining = String(repeating: "e\u{301}", count: 65)
        #expect(
            throws: MessageError(type: "ping", field: "id", problem: .invalidValue(rule: "must be 1 to 128 characters"))
        ) {
            try request(#"{"type":"ping","id":"\#(combining)"}"#)
        }
    }

    @Test func everyRequestRoundTrips() throws {
        let requests: [AgentRequest] = [
            .hello(protocolVersion: 1, agent: nil), .hello(protocolVersion: 1, agent: "a"), .ack(seq: .max),
            .send(SendRequest(id: "1", body: "b")),
            .send(
                SendRequest(
                    id: "2", roomID: "#r:s", body: "b\n\"q\"", format: .plain, msgtype: .notice, replyTo: "$r",
                    threadRoot: "$t")),
            .react(ReactRequest(id: "3", eventID: "$e", key: "✅")), .typing(TypingRequest(typing: true)),
            .typing(TypingRequest(roomID: "!r", typing: false, timeoutMS: 5)), .done(eventID: "$e"), .ping(id: nil),
            .ping(id: "p"),
            .unknown(type: "later"),
        ]
        for message in requests {
            #expect(try AgentRequest(frame: Frame(object: message.jsonObject)) == message)
        }
    }
}
