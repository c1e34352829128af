/// Malformed frames over the real socket: bad_frame and close, the frames before it still processed,
/// the daemon still serving, nothing accepted lost; and a daemon restart that keeps seq, acks and outcomes.
import Foundation
import Shared
@testable import Supervisor
import Testing
import TestSupport

@Suite struct AgentGarbageTests {
    /// Every kind of malformed frame of PROTOCOL.md, as raw bytes.
    static let garbage: [(name: String, bytes: [UInt8])] = [
        ("zero length", [0, 0, 0, 0]),
        ("over the limit", [0x7F, 0xFF, 0xFF, 0xFF]),
        ("invalid UTF-8", lengthPrefix(4) + [0x7B, 0xC0, 0xAF, 0x7D]),
        ("invalid JSON", lengthPrefix(16) + Array(#"{"type":"ping",}"#.utf8)),
        ("not an object", lengthPrefix(5) + Array("[1,2]".utf8)),
        ("no type", lengthPrefix(16) + Array(#"{"kind":"hello"}"#.utf8)),
        ("type not a string", lengthPrefix(10) + Array(#"{"type":7}"#.utf8)),
    ]

    @Test(arguments: garbage.indices)
    func garbageGetsBadFrameAndCloseAndLosesNothing(index: Int) async throws {
        let (name, bytes) = Self.garbage[index]
        try await withDaemon { d in
            try await d.connectWorker()
            let agent = try await d.agent()
            d.worker.emit(.batch(id: 1, events: [inbound("kept")]))
            #expect(try await agent.expect().int("seq") == 1)
            // A valid send and the garbage in one write: the send is still processed.
            let send = Array(#"{"type":"send","id":"before-garbage","body":"hi"}"#.utf8)
            await agent.write(bytes: lengthPrefix(send.count) + send + bytes)
            #expect(try await agent.expect().text == #"{"type":"accepted","id":"before-garbage"}"#, "\(name)")
            let error = try await agent.expect()
            #expect(error.type == "error" && error.string("code") == "bad_frame", "\(name)")
            #expect(try await agent.isClosedByDaemon(), "\(name)")

            let next = try await d.agent()
            #expect(try await next.expect().string("event_id") == "$kept", "\(name)")
            #expect(try d.store.pending().map(\.requestID) == ["before-garbage"], "\(name)")
        }
    }

    @Test func aDaemonRestartKeepsSeqAcksAndOutcomes() async throws {
        let first = try await DaemonHarness()
        defer { first.remove() }
        try await first.connectWorker()
        first.worker.autoAnswer { _ in .sent(eventIDs: ["$sent-once"]) }
        let agent = try await first.agent()
        first.worker.emit(.batch(id: 1, events: [inbound("a"), inbound("b"), inbound("c")]))
        for seq in 1...3 { #expect(try await agent.expect().int("seq") == Int64(seq)) }
        await agent.send(#"{"type":"ack","seq":2}"#)
        await agent.send(#"{"type":"send","id":"kept-outcome","body":"hi"}"#)
        #expect(try await agent.expect().type == "accepted")
        #expect(try await agent.expect().type == "sent")
        await first.shutdown()

        let second = try await DaemonHarness(root: first.root)
        try await second.connectWorker()
        let back = try await second.agent()
        let redelivered = try await back.expect()
        #expect(redelivered.int("seq") == 3 && redelivered.string("event_id") == "$c")
        await back.send(#"{"type":"send","id":"kept-outcome","body":"hi"}"#)
        #expect(try await back.expect().type == "accepted")
        #expect(try await back.expect().text == #"{"type":"sent","id":"kept-outcome","event_id":"$sent-once"}"#)
        #expect(second.worker.sends.isEmpty)
        second.worker.emit(.batch(id: 1, events: [inbound("c"), inbound("d")]))
        let new = try await back.expect()
        #expect(new.int("seq") == 4 && new.string("event_id") == "$d")
        await second.shutdown()
    }
}
