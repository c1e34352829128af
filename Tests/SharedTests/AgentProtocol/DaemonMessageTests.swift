/// Byte-exact encoding of every daemon → agent frame of PROTOCOL.md, and decoding for agent clients.
import Shared
import Testing

@Suite struct DaemonMessageTests {
    static let event = InboundEvent(
        eventID: "$ev", roomID: "!abc:example.org", sender: "@alice:example.org", senderName: "Alice",
        body: "hi **there**", formattedBody: "hi <b>there</b>", msgtype: "m.text", ts: 1_764_000_000_000,
        encrypted: true, replyTo: "$other", threadRoot: "$root", editOf: "$orig")

    static let examples: [(DaemonMessage, String)] = [
        (
            .welcome(
                Welcome(userID: "@bot:example.org", deviceID: "ABCDEFGH", rooms: ["!abc:example.org"], state: .syncing)),
            #"{"type":"welcome","protocol":1,"user_id":"@bot:example.org","device_id":"ABCDEFGH","rooms":["!abc:example.org"],"state":"syncing"}"#
        ),
        (
            .message(seq: 42, event),
            #"{"type":"message","seq":42,"event_id":"$ev","room_id":"!abc:example.org","sender":"@alice:example.org","sender_name":"Alice","body":"hi **there**","formatted_body":"hi <b>there</b>","msgtype":"m.text","ts":1764000000000,"encrypted":true,"reply_to":"$other","thread_root":"$root","edit_of":"$orig"}"#
        ),
        (
            .message(
                seq: 43,
                InboundEvent(
                    eventID: "$e2", roomID: "!abc:example.org", sender: "@bob:example.org", body: "plain", ts: 5,
                    encrypted: false)),
            #"{"type":"message","seq":43,"event_id":"$e2","room_id":"!abc:example.org","sender":"@bob:example.org","body":"plain","msgtype":"m.text","ts":5,"encrypted":false}"#
        ),
        (.accepted(id: "c-17"), #"{"type":"accepted","id":"c-17"}"#),
        (.sent(id: "c-17", eventIDs: ["$new"]), #"{"type":"sent","id":"c-17","event_id":"$new"}"#),
        (
            .sent(id: "c-17", eventIDs: ["$a", "$b"]),
            #"{"type":"sent","id":"c-17","event_id":"$a","event_ids":["$a","$b"]}"#
        ),
        (
            .failed(id: "c-17", code: "M_FORBIDDEN", message: "not allowed"),
            #"{"type":"failed","id":"c-17","code":"M_FORBIDDEN","message":"not allowed"}"#
        ),
        (.status(.syncing, detail: "ready"), #"{"type":"status","state":"syncing","detail":"ready"}"#),
        (.status(.tokenExpired, detail: nil), #"{"type":"status","state":"token_expired"}"#),
        (.pong(id: "p1"), #"{"type":"pong","id":"p1"}"#),
        (
            .error(AgentError(code: .unknownType, message: "unknown frame type \"x\"")),
            #"{"type":"error","code":"unknown_type","message":"unknown frame type \"x\""}"#
        ),
        (
            .error(AgentError(code: .badRequest, message: "m", id: "c-1", field: "body")),
            #"{"type":"error","code":"bad_request","message":"m","id":"c-1","field":"body"}"#
        ),
    ]

    @Test(arguments: examples.indices)
    func encodesByteExactlyAndDecodesBack(index: Int) throws {
        let (message, json) = Self.examples[index]
        #expect(FrameText.text(message) == json)
        #expect(try DaemonMessage(frame: FrameText.frame(json)) == message)
    }

    @Test func everyErrorCodeAndStateRoundTrips() throws {
        for code in AgentErrorCode.allCases {
            let message = DaemonMessage.error(AgentError(code: code, message: "why", id: "r"))
            #expect(try DaemonMessage(frame: Frame(object: message.jsonObject)) == message)
        }
        for state in AgentState.allCases {
            let message = DaemonMessage.status(state, detail: nil)
            #expect(try DaemonMessage(frame: Frame(object: message.jsonObject)) == message)
        }
        let welcome = DaemonMessage.welcome(
            Welcome(
                userID: "@b:s", deviceID: "D", rooms: [], state: .starting, daemon: "prx-matrix/0.1.0",
                maxFrameBytes: 1_048_576, window: 64))
        #expect(try DaemonMessage(frame: Frame(object: welcome.jsonObject)) == welcome)
    }

    @Test func codecErrorsMapToTheirErrorCodes() {
        #expect(AgentError(FrameError.emptyFrame).code == .badFrame)
        #expect(AgentError(MessageError(type: "x", field: nil, problem: .unknownType)).code == .unknownType)
        #expect(AgentError(MessageError(type: "send", field: "body", problem: .missing, id: "c")).code == .badRequest)
    }

    @Test func clientsRejectInvalidDaemonFrames() throws {
        #expect(
            throws: MessageError(
                type: "message", field: "seq", problem: .invalidValue(rule: "must be a positive integer"))
        ) {
            try DaemonMessage(frame: FrameText.frame(#"{"type":"message","seq":0}"#))
        }
        #expect(
            throws: MessageError(
                type: "sent", field: "event_ids", problem: .invalidValue(rule: "must start with event_id"), id: "c")
        ) {
            try DaemonMessage(frame: FrameText.frame(#"{"type":"sent","id":"c","event_id":"$a","event_ids":["$b"]}"#))
        }
        #expect(try DaemonMessage(frame: FrameText.frame(#"{"type":"news","x":1}"#)) == .unknown(type: "news"))
    }
}

@Suite struct AgentErrorTests {
    @Test func standardErrorsCarryTheirCodeAndSayWhatToDo() {
        #expect(
            AgentError.unknownType("subscribe")
                == AgentError(code: .unknownType, message: "unknown frame type \"subscribe\""))
        #expect(AgentError.helloRequired(got: "send").code == .helloRequired)
        #expect(AgentError.helloRequired(got: "send").message.contains(#"{"type":"hello","protocol":1}"#))
        #expect(
            AgentError.unsupportedProtocol(2).message == "protocol 2 is not supported: this daemon speaks protocol 1")
        #expect(AgentError.superseded.code == .superseded)
        let unknownRoom = AgentError.unknownRoom("!x:s", configured: ["!a:s"], id: "c-1")
        #expect(
            unknownRoom
                == AgentError(
                    code: .unknownRoom, message: "room !x:s is not configured; use one of !a:s", id: "c-1",
                    field: "room_id"))
        #expect(AgentError.roomRequired(configured: ["!a:s", "!b:s"], id: nil).code == .roomRequired)
    }
}
