/// Inbound delivery over the real socket: seq, redelivery after hello, the window, cumulative ack,
/// batches acknowledged only after the commit, messages kept while no agent is connected.
import Foundation
import Shared
import Synchronization
@testable import Supervisor
import Testing
import TestSupport

@Suite struct AgentDeliveryTests {
    @Test func messagesCarryTheirSeqAndAreRedeliveredAboveTheLastAck() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            let agent = try await d.agent()
            var event = inbound("a")
            event.senderName = "Alice"
            event.formattedBody = "hi <b>there</b>"
            event.replyTo = "$other"
            d.worker.emit(.batch(id: 1, events: [event, inbound("b"), inbound("c")]))
            #expect(
                try await agent.expect().text
                    == #"{"type":"message","seq":1,"event_id":"$a","room_id":"!room:example.org","sender":"@alice:example.org","#
                    + #""sender_name":"Alice","body":"hello a","formatted_body":"hi <b>there</b>","msgtype":"m.text","#
                    + #""ts":1764000000000,"encrypted":false,"reply_to":"$other"}"#)
            #expect(try await agent.expect().int("seq") == 2)
            #expect(try await agent.expect().int("seq") == 3)
            await agent.send(#"{"type":"ack","seq":2}"#)
            // Frames of one connection are handled in order: after the pong, the ack is recorded.
            await agent.send(#"{"type":"ping"}"#)
            #expect(try await agent.expect().type == "pong")
            agent.close()

            let again = try await d.agent()
            let redelivered = try await again.expect()
            #expect(redelivered.int("seq") == 3 && redelivered.string("event_id") == "$c")
            await again.send(#"{"type":"ping","id":"end"}"#)
            #expect(try await again.expect().string("type") == "pong")
        }
    }

    @Test func atMostWindowMessagesAreInFlight() async throws {
        try await withDaemon(extra: "room_id = \"!room:example.org\"\nwindow = 2") { d in
            try await d.connectWorker()
            let agent = try await d.agent()
            d.worker.emit(.batch(id: 1, events: (1...5).map { inbound("m\($0)") }))
            #expect(try await agent.expect().int("seq") == 1)
            #expect(try await agent.expect().int("seq") == 2)
            // The pass that wrote 1 and 2 would have written 3 before them: the pong comes first.
            await agent.send(#"{"type":"ping","id":"full"}"#)
            #expect(try await agent.expect().type == "pong")
            await agent.send(#"{"type":"ack","seq":1}"#)
            #expect(try await agent.expect().int("seq") == 3)
            await agent.send(#"{"type":"ping","id":"full-again"}"#)
            #expect(try await agent.expect().type == "pong")
            // Cumulative: acknowledging 3 acknowledges 2 as well, so two more fit.
            await agent.send(#"{"type":"ack","seq":3}"#)
            #expect(try await agent.expect().int("seq") == 4)
            #expect(try await agent.expect().int("seq") == 5)
            #expect(try d.store.lastAckedSeq() == 3)
        }
    }

    @Test func anAckBeyondTheHighestDeliveredSeqIsABadRequest() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            let agent = try await d.agent()
            d.worker.emit(.batch(id: 1, events: [inbound("a")]))
            #expect(try await agent.expect().int("seq") == 1)
            await agent.send(#"{"type":"ack","seq":2}"#)
            let error = try await agent.expect()
            #expect(error.string("code") == "bad_request" && error.string("field") == "seq")
            await agent.send(#"{"type":"ack","seq":0}"#)
            #expect(try await agent.expect().string("field") == "seq")
            #expect(try d.store.lastAckedSeq() == 0)
        }
    }

    @Test func eachAckedMessageGetsTheReceiptReactionOnce() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            d.worker.autoAnswer { _ in .sent(eventIDs: ["$reaction"]) }
            let agent = try await d.agent()
            d.worker.emit(.batch(id: 1, events: [inbound("a"), inbound("b")]))
            _ = try await agent.expect()
            _ = try await agent.expect()
            await agent.send(#"{"type":"ack","seq":2}"#)
            await agent.send(#"{"type":"ack","seq":2}"#)
            #expect(try await eventually { try d.store.pendingJobs().isEmpty && d.worker.reactions.count == 2 })
            #expect(d.worker.reactions.map(\.eventID) == ["$a", "$b"])
            #expect(d.worker.reactions.allSatisfy { $0.key == "👀" && $0.row >= LinkRow.jobBase })
        }
    }

    @Test func aBatchIsAcknowledgedToTheWorkerOnlyAfterItsCommit() async throws {
        try await withDaemon { (d: DaemonHarness) async throws in
            let seen = Recorded<Int64>()
            let store = d.store
            d.worker.onSend { command in
                if case .batchAck = command {
                    let highest = (try? store.highestSeq()) ?? -1
                    seen.append(highest)
                }
            }
            try await d.connectWorker()
            d.worker.emit(.batch(id: 7, events: [inbound("a"), inbound("b"), inbound("c")]))
            #expect(try await eventually { d.worker.commands.contains(.batchAck(batch: 7)) })
            #expect(seen.values == [3])
            // A replayed batch stores nothing new and is acknowledged again.
            d.worker.emit(.batch(id: 8, events: [inbound("b"), inbound("d")]))
            #expect(try await eventually { d.worker.commands.contains(.batchAck(batch: 8)) })
            #expect(try d.store.highestSeq() == 4)
        }
    }

    @Test func messagesArrivingWithoutAnAgentAreDeliveredAfterHello() async throws {
        try await withDaemon { d in
            try await d.connectWorker()
            d.worker.emit(.batch(id: 1, events: [inbound("early")]))
            #expect(try await eventually { d.worker.commands.contains(.batchAck(batch: 1)) })
            // A worker restart in between changes nothing.
            d.worker.emit(.disconnected(detail: "exit code 1"))
            #expect(try await eventually { await d.daemon.status.state == .starting })
            try await d.connectWorker(incarnation: 2)
            let agent = try await d.agent()
            let message = try await agent.expect()
            #expect(message.int("seq") == 1 && message.string("body") == "hello early")
        }
    }
}

/// Values recorded from inside a `@Sendable` hook.
final class Recorded<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    /// Appends one.
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    /// Everything appended, in order.
    var values: [Value] { storage.withLock { $0 } }
}

extension TestWorkerPort {
    /// The `react` commands sent so far.
    var reactions: [WorkerReaction] {
        commands.compactMap { if case .react(let reaction) = $0 { reaction } else { nil } }
    }

    /// The `send` commands sent so far.
    var sends: [WorkerSend] {
        commands.compactMap { if case .send(let send) = $0 { send } else { nil } }
    }
}
