/// Outbound requests over the real socket: accepted → sent/failed, split events, idempotent ids, react,
/// rooms, done, typing, re-sending after a worker restart, rate limits, per-room order.
import Foundation
import Shared
@testable import Supervisor
import Testing
import TestSupport

@Suite struct AgentOutboundTests {
    @Test func sendIsAcceptedThenSentAndTheWorkerGetsTheRowsTransactionID() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            d.worker.autoAnswer { _ in .sent(eventIDs: ["$new"]) }
            let agent = try await d.agent()
            await agent.send(#"{"type":"send","id":"c-17","body":"**hello**","reply_to":"$ev"}"#)
            #expect(try await agent.expect().text == #"{"type":"accepted","id":"c-17"}"#)
            #expect(try await agent.expect().text == #"{"type":"sent","id":"c-17","event_id":"$new"}"#)
            let send = try #require(d.worker.sends.first)
            #expect(send.txnID == d.store.transactionID(outboxRow: send.row) && send.row < LinkRow.jobBase)
            #expect(send.roomID == "!room:example.org" && send.body == "**hello**" && send.replyTo == "$ev")
            #expect(send.format == .markdown && send.msgtype == .text)
        }
    }

    @Test func aSplitBodyAnswersEveryEventIDAndAFailureItsCode() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            d.worker.autoAnswer { command in
                guard case .send(let send) = command else { return nil }
                return send.body == "long"
                    ? .sent(eventIDs: ["$a", "$b"]) : .failed(code: "M_FORBIDDEN", message: "not in room")
            }
            let agent = try await d.agent()
            await agent.send(#"{"type":"send","id":"split","body":"long"}"#)
            #expect(try await agent.expect().type == "accepted")
            #expect(
                try await agent.expect().text
                    == #"{"type":"sent","id":"split","event_id":"$a","event_ids":["$a","$b"]}"#)
            await agent.send(#"{"type":"send","id":"nope","body":"short","format":"plain","msgtype":"m.notice"}"#)
            #expect(try await agent.expect().type == "accepted")
            #expect(
                try await agent.expect().text
                    == #"{"type":"failed","id":"nope","code":"M_FORBIDDEN","message":"not in room"}"#)
        }
    }

    @Test func aRepeatedIDGetsTheRecordedOutcomeAndMakesNoSecondSend() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            d.worker.autoAnswer { _ in .sent(eventIDs: ["$once"]) }
            let agent = try await d.agent()
            let request = #"{"type":"send","id":"same","body":"hi"}"#
            await agent.send(request)
            #expect(try await agent.expect().type == "accepted")
            #expect(try await agent.expect().type == "sent")
            agent.close()
            let again = try await d.agent()
            await again.send(request)
            #expect(try await again.expect().text == #"{"type":"accepted","id":"same"}"#)
            #expect(try await again.expect().text == #"{"type":"sent","id":"same","event_id":"$once"}"#)
            #expect(d.worker.sends.count == 1)
        }
    }

    @Test func reactGoesToTheWorkerAsAReaction() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            d.worker.autoAnswer { _ in .sent(eventIDs: ["$r"]) }
            let agent = try await d.agent()
            await agent.send(#"{"type":"react","id":"c-18","room_id":"!room:example.org","event_id":"$ev","key":"👍"}"#)
            #expect(try await agent.expect().text == #"{"type":"accepted","id":"c-18"}"#)
            #expect(try await agent.expect().text == #"{"type":"sent","id":"c-18","event_id":"$r"}"#)
            let reaction = try #require(d.worker.reactions.first)
            #expect(
                reaction.eventID == "$ev" && reaction.key == "👍"
                    && reaction.txnID == d.store.transactionID(outboxRow: reaction.row))
        }
    }

    @Test func roomsAreCheckedAgainstTheConfigAndTheRoomIDsSeen() async throws {
        try await withDaemon(extra: ##"room_ids = ["#alias:example.org", "!other:example.org"]"##) { d in
            try await d.connectWorker()
            let agent = try await d.agent()
            await agent.send(#"{"type":"send","id":"x","body":"hi"}"#)
            let required = try await agent.expect()
            #expect(required.string("code") == "room_required" && required.string("id") == "x")
            await agent.send(#"{"type":"send","id":"y","room_id":"!elsewhere:example.org","body":"hi"}"#)
            let unknown = try await agent.expect()
            #expect(unknown.string("code") == "unknown_room" && unknown.string("field") == "room_id")
            // The alias's room id, once seen in an inbound message, names a configured room.
            d.worker.emit(.batch(id: 1, events: [inbound("in-alias", room: "!resolved:example.org")]))
            #expect(try await agent.expect().string("room_id") == "!resolved:example.org")
            await agent.send(#"{"type":"send","id":"z","room_id":"!resolved:example.org","body":"hi"}"#)
            #expect(try await agent.expect().text == #"{"type":"accepted","id":"z"}"#)
            await agent.send(##"{"type":"send","id":"w","room_id":"#alias:example.org","body":"hi"}"##)
            #expect(try await agent.expect().text == #"{"type":"accepted","id":"w"}"#)
            #expect(
                try await eventually {
                    d.worker.sends.map(\.roomID) == ["!resolved:example.org", "#alias:example.org"]
                })
        }
    }

    @Test func doneSetsTheCompletionReactionAndMovesTheReceipt() async throws {
        try await withDaemon(extra: "room_id = \"!room:example.org\"\nreceipt_reaction = \"\"") { d in
            try await d.connectWorker()
            d.worker.autoAnswer { _ in .sent(eventIDs: ["$x"]) }
            let agent = try await d.agent()
            d.worker.emit(.batch(id: 1, events: [inbound("ev")]))
            #expect(try await agent.expect().int("seq") == 1)
            await agent.send(#"{"type":"ack","seq":1}"#)
            await agent.send(#"{"type":"done","event_id":"$ev"}"#)
            await agent.send(#"{"type":"done","event_id":"$ev"}"#)
            #expect(
                try await eventually {
                    try d.store.pendingJobs().isEmpty && d.worker.commands.contains { $0.isReceipt }
                })
            // No receipt reaction (disabled), one completion reaction and one read receipt.
            #expect(d.worker.reactions.map(\.key) == ["✅"])
            #expect(d.worker.reactions.first?.eventID == "$ev")
            #expect(d.worker.commands.filter(\.isReceipt).count == 1)
            await agent.send(#"{"type":"done","event_id":"$never"}"#)
            #expect(try await agent.expect().string("field") == "event_id")
        }
    }

    @Test func typingReachesTheWorkerWithTheDefaultTimeout() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            let agent = try await d.agent()
            await agent.send(#"{"type":"typing","typing":true}"#)
            await agent.send(#"{"type":"typing","room_id":"!room:example.org","typing":false,"timeout_ms":5}"#)
            #expect(
                try await eventually {
                    d.worker.commands == [
                        .typing(roomID: "!room:example.org", typing: true, timeoutMS: 30_000),
                        .typing(roomID: "!room:example.org", typing: false, timeoutMS: 5),
                    ]
                })
        }
    }

    @Test func pendingRowsAreSentAgainAfterAWorkerRestartAndAnsweredOnce() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            let agent = try await d.agent()
            await agent.send(#"{"type":"send","id":"a","body":"first"}"#)
            await agent.send(#"{"type":"send","id":"b","body":"second"}"#)
            #expect(try await agent.expect().type == "accepted")
            #expect(try await agent.expect().type == "accepted")
            // One row per room in flight: "second" waits for "first".
            #expect(try await eventually { d.worker.sends.count == 1 })
            let first = try #require(d.worker.sends.first)
            d.worker.emit(.disconnected(detail: "killed"))
            d.worker.autoAnswer { command in
                guard case .send(let send) = command else { return nil }
                return .sent(eventIDs: ["$" + send.body])
            }
            d.worker.emit(.connected(incarnation: 2))
            #expect(try await agent.expect().string("state") == "starting")
            var sent: [String] = []
            while sent.count < 2 {
                let frame = try await agent.expect()
                if frame.type == "sent" { sent.append(frame.string("id") ?? "") }
            }
            #expect(sent == ["a", "b"])
            #expect(d.worker.sends.map(\.body) == ["first", "first", "second"])
            #expect(d.worker.sends[1].txnID == first.txnID)
        }
    }

    @Test func aRateLimitShowsReconnectingAndTheRowIsSentLater() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            let answers = Recorded<Int>()
            d.worker.autoAnswer { _ in
                answers.append(1)
                return answers.values.count == 1 ? .retryLater(retryAfterMS: 100) : .sent(eventIDs: ["$late"])
            }
            let agent = try await d.agent()
            await agent.send(#"{"type":"send","id":"rl","body":"hi"}"#)
            #expect(try await agent.expect().type == "accepted")
            #expect(try await agent.expect().string("state") == "reconnecting")
            var frames: [String] = []
            while !frames.contains("sent") {
                frames.append(try await agent.expect().text.contains("\"sent\"") ? "sent" : "other")
            }
            #expect(try await eventually { await d.daemon.status.state == .syncing })
            #expect(d.worker.sends.count == 2 && d.worker.sends[0].txnID == d.worker.sends[1].txnID)
        }
    }
}

extension SupervisorCommand {
    /// Whether this is a `receipt`.
    var isReceipt: Bool {
        if case .receipt = self { true } else { false }
    }
}
