/// The supervisor ↔ worker messages: round-trips of every frame, validation, and the token kept out of logs.
import Logging
import Shared
import Testing

@Suite struct WorkerLinkTests {
    static let settings = WorkerSettings(
        homeserver: "http://127.0.0.1:8008", userID: "@bot:localhost", deviceID: "PRXDEVICE",
        accessToken: "syt_secret_token",
        rooms: ["!a:localhost", "#b:localhost"], allowedUsers: ["@alice:localhost"], mentionOnly: false,
        storePath: "/var/lib/prx-matrix/worker.sqlite", storeKey: Array(0..<32), syncTimeoutMS: 30_000,
        catchUpMaxEvents: 500,
        receiptReaction: "👀", doneReaction: "✅", logLevel: .debug)
    static let event = InboundEvent(
        eventID: "$e", roomID: "!a:localhost", sender: "@alice:localhost", body: "hi", msgtype: "m.emote", ts: 17,
        encrypted: false,
        threadRoot: "$t")

    static let commands: [SupervisorCommand] = [
        .start(settings), .batchAck(batch: 9),
        .send(WorkerSend(row: 1, txnID: "prx-1", roomID: "!a:localhost", body: "**b**")),
        .send(
            WorkerSend(
                row: 2, txnID: "prx-2", roomID: "!a:localhost", body: "b", format: .plain, msgtype: .notice,
                replyTo: "$r", threadRoot: "$t")),
        .react(WorkerReaction(row: 3, txnID: "prx-3", roomID: "!a:localhost", eventID: "$e", key: "✅")),
        .receipt(row: 4, roomID: "!a:localhost", eventID: "$e"),
        .typing(roomID: "!a:localhost", typing: true, timeoutMS: 30_000),
        .heartbeat(id: 77), .shutdown,
    ]

    static let events: [WorkerEvent] = [
        .state(WorkerStatus(phase: .starting)), .state(WorkerStatus(phase: .syncing)),
        .state(WorkerStatus(phase: .reconnecting, detail: "HTTP 502")),
        .state(WorkerStatus(phase: .tokenInvalid(softLogout: true), detail: "M_UNKNOWN_TOKEN")),
        .state(
            WorkerStatus(
                phase: .syncing,
                roomProblems: [
                    RoomProblem(room: "#b:localhost", kind: .aliasNotFound),
                    RoomProblem(room: "!c", kind: .joinFailed, detail: "M_FORBIDDEN"),
                ])),
        .batch(id: 1, events: []), .batch(id: 2, events: [event, DaemonMessageTests.event]),
        .outcome(row: 1, .sent(eventIDs: ["$x"])), .outcome(row: 2, .sent(eventIDs: ["$x", "$y"])),
        .outcome(row: 3, .failed(code: "M_FORBIDDEN", message: "no")),
        .outcome(row: 4, .retryLater(retryAfterMS: 1_500)),
        .heartbeatAck(id: 77), .log(level: .warning, message: "slow", metadata: [:]),
        .log(level: .error, message: "bad event", metadata: ["room": "!a", "event": "$e"]),
    ]

    @Test(arguments: commands.indices)
    func everySupervisorCommandRoundTrips(index: Int) throws {
        let command = Self.commands[index]
        var decoder = FrameDecoder()
        decoder.feed(try FrameEncoder().encode(command))
        let frame = try #require(try decoder.next())
        #expect(try SupervisorCommand(frame: frame) == command)
    }

    @Test(arguments: events.indices)
    func everyWorkerEventRoundTrips(index: Int) throws {
        let event = Self.events[index]
        var decoder = FrameDecoder()
        decoder.feed(try FrameEncoder().encode(event))
        let frame = try #require(try decoder.next())
        #expect(try WorkerEvent(frame: frame) == event)
    }

    @Test func frameLayoutIsExplicit() {
        #expect(FrameText.text(SupervisorCommand.batchAck(batch: 9)) == #"{"type":"batch_ack","batch":9}"#)
        #expect(
            FrameText.text(WorkerEvent.outcome(row: 2, .sent(eventIDs: ["$x", "$y"])))
                == #"{"type":"outcome","row":2,"result":"sent","event_ids":["$x","$y"]}"#)
        #expect(
            FrameText.text(WorkerEvent.state(WorkerStatus(phase: .tokenInvalid(softLogout: false))))
                == #"{"type":"state","state":"token_invalid","soft_logout":false}"#)
        #expect(
            FrameText.text(WorkerEvent.batch(id: 3, events: [Self.event]))
                == #"{"type":"batch","batch":3,"events":[{"event_id":"$e","room_id":"!a:localhost","sender":"@alice:localhost","body":"hi","msgtype":"m.emote","ts":17,"encrypted":false,"thread_root":"$t"}]}"#
        )
        #expect(
            FrameText.text(SupervisorCommand.start(Self.settings)).contains(
                #""store_key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=""#))
    }

    @Test func settingsDescriptionNeverShowsTheTokenOrTheStoreKey() {
        let text = "\(Self.settings)"
        #expect(!text.contains("syt_secret_token"))
        #expect(!text.contains("AAECAwQF"))
        #expect(text.contains("access_token: <redacted>"))
    }

    static let invalid: [(json: String, field: String?, problem: MessageError.Problem)] = [
        (
            #"{"type":"batch","batch":1,"events":[{"event_id":"$e","room_id":"!r","sender":"@s","body":"b","msgtype":"m.text","ts":1,"encrypted":false},{"event_id":"$f"}]}"#,
            "events[1].room_id", .missing
        ),
        (#"{"type":"batch","batch":1,"events":[7]}"#, "events[0]", .wrongKind(expected: "an object", found: .number)),
        (#"{"type":"batch","batch":0,"events":[]}"#, "batch", .invalidValue(rule: "must be a positive integer")),
        (
            #"{"type":"outcome","row":1,"result":"sent","event_ids":[]}"#, "event_ids",
            .invalidValue(rule: "must not be empty")
        ),
        (
            #"{"type":"outcome","row":1,"result":"maybe"}"#, "result",
            .invalidValue(rule: #"must be one of "sent", "failed", "retry_later""#)
        ),
        (#"{"type":"state","state":"token_invalid"}"#, "soft_logout", .missing),
        (
            #"{"type":"state","state":"syncing","rooms":[{"room":"!r","problem":"gone"}]}"#, "rooms[0].problem",
            .invalidValue(
                rule: #"must be one of "alias_not_found", "not_joined", "join_failed", "encryption_unsupported""#)
        ),
        (
            #"{"type":"log","level":"loud","message":"m"}"#, "level",
            .invalidValue(rule: #"must be one of "trace", "debug", "info", "notice", "warning", "error", "critical""#)
        ),
        (
            #"{"type":"log","level":"info","message":"m","metadata":{"k":1}}"#, "metadata.k",
            .wrongKind(expected: "a string", found: .number)
        ),
        (#"{"type":"hello"}"#, nil, .unknownType),
    ]

    @Test(arguments: invalid.indices)
    func invalidWorkerEventsNameTheField(index: Int) throws {
        let (json, field, problem) = Self.invalid[index]
        let frame = try FrameText.frame(json)
        #expect(throws: MessageError(type: frame.type, field: field, problem: problem)) {
            try WorkerEvent(frame: frame)
        }
    }

    @Test func invalidSupervisorCommandsNameTheField() throws {
        #expect(throws: MessageError(type: "start", field: "store_key", problem: .invalidValue(rule: "must be base64")))
        {
            var object = SupervisorCommand.start(Self.settings).jsonObject
            object["store_key"] = "not base64!"
            return try SupervisorCommand(frame: Frame(object: object))
        }
        #expect(throws: MessageError(type: "send", field: "txn_id", problem: .missing)) {
            try SupervisorCommand(
                frame: FrameText.frame(
                    #"{"type":"send","row":1,"room_id":"!r","body":"b","format":"plain","msgtype":"m.text"}"#))
        }
        #expect(throws: MessageError(type: "ack", field: nil, problem: .unknownType)) {
            try SupervisorCommand(frame: FrameText.frame(#"{"type":"ack","seq":1}"#))
        }
        #expect(
            throws: MessageError(
                type: "start", field: "timeline_limit", problem: .invalidValue(rule: "must be a positive integer"))
        ) {
            var object = SupervisorCommand.start(Self.settings).jsonObject
            object["timeline_limit"] = .int(0)
            return try SupervisorCommand(frame: Frame(object: object))
        }
    }

    @Test func aStartWithoutTimelineLimitGetsTheDefault() throws {
        var settings = Self.settings
        settings.timelineLimit = 7
        var object = SupervisorCommand.start(settings).jsonObject
        #expect(try SupervisorCommand(frame: Frame(object: object)) == .start(settings))
        object["timeline_limit"] = nil
        settings.timelineLimit = WorkerSettings.defaultTimelineLimit
        #expect(try SupervisorCommand(frame: Frame(object: object)) == .start(settings))
    }
}
