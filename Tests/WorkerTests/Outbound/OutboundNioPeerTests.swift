/// What the OutboundExecutor sends, as matrix-nio (a real client library) sees it (scripts/peers/nio_peer.py).
import Foundation
import Shared
import TestSupport
import Testing
@testable import Worker

// Serialized: each test runs a nio client syncing with its own Synapse.
@Suite(.serialized) struct OutboundNioPeerTests {
    /// Runs `body` with a nio peer logged in as the room's peer user, closed afterwards.
    private func withNioPeer(for room: OutboundRoom, _ body: (PythonPeer) async throws -> Void) async throws {
        try await PythonPeer.with(script: "peers/nio_peer.py") { peer in
            let login = try await peer.call([
                "cmd": "login", "homeserver": room.synapse.baseURL.absoluteString,
                "user": room.peer.userID, "password": "pw-peer",
            ])
            #expect(login["user_id"] as? String == room.peer.userID)
            try await body(peer)
        }
    }

    private func sent(_ outcome: SendOutcome) throws -> String {
        guard case .sent(let ids) = outcome, let id = ids.first else {
            throw FixtureError("expected sent, got \(outcome)")
        }
        return id
    }

    @Test func nioSeesHTMLNoticeReplyThreadAndReaction() async throws {
        let room = try await OutboundRoom.make()
        try await withNioPeer(for: room) { nio in
            let question = try await room.peerSends("question")
            let html = try sent(try await room.outcome(room.send("**bold** answer", replyTo: question)))
            let notice = try sent(try await room.outcome(room.send("notice", row: 2, msgtype: .notice)))
            let threaded = try sent(try await room.outcome(room.send("threaded", row: 3, threadRoot: question)))
            let reaction = try sent(
                try await room.outcome(
                    .react(WorkerReaction(row: 4, txnID: "nio-react", roomID: room.roomID, eventID: question, key: "✅"))
                ))
            let reply = try await nio.call([
                "cmd": "wait_events", "room_id": room.roomID, "event_ids": [html, notice, threaded, reaction],
            ])
            let events = reply["events"] as? [[String: Any]] ?? []
            #expect(events.compactMap { $0["event_id"] as? String } == [html, notice, threaded, reaction])
            let contents = events.map { $0["content"] as? [String: Any] ?? [:] }
            guard contents.count == 4 else { return }
            #expect(contents[0]["formatted_body"] as? String == "<strong>bold</strong> answer")
            #expect(
                ((contents[0]["m.relates_to"] as? [String: Any])?["m.in_reply_to"] as? [String: Any])?["event_id"]
                    as? String == question)
            #expect(contents[1]["msgtype"] as? String == "m.notice")
            #expect((contents[2]["m.relates_to"] as? [String: Any])?["rel_type"] as? String == "m.thread")
            #expect((contents[3]["m.relates_to"] as? [String: Any])?["key"] as? String == "✅")
            #expect(events.allSatisfy { $0["sender"] as? String == room.bot.userID })
        }
    }

    @Test func nioSeesTypingAndTheReadReceipt() async throws {
        let room = try await OutboundRoom.make()
        try await withNioPeer(for: room) { nio in
            let message = try await room.peerSends("working on it?")
            _ = try await room.executor.handle(.typing(roomID: room.roomID, typing: true, timeoutMS: 30_000))
            let typing = try await nio.call([
                "cmd": "wait_typing", "room_id": room.roomID, "user_id": room.bot.userID, "typing": true,
            ])
            #expect((typing["user_ids"] as? [String])?.contains(room.bot.userID) == true)
            // `done`: the receipt stops the typing notification too.
            #expect(
                try await room.outcome(.receipt(row: 1, roomID: room.roomID, eventID: message))
                    == .sent(eventIDs: [message]))
            let stopped = try await nio.call([
                "cmd": "wait_typing", "room_id": room.roomID, "user_id": room.bot.userID, "typing": false,
            ])
            #expect((stopped["user_ids"] as? [String])?.contains(room.bot.userID) == false)
            let receipt = try await nio.call([
                "cmd": "wait_receipt", "room_id": room.roomID, "event_id": message, "user_id": room.bot.userID,
            ])
            #expect(receipt["receipt"] as? Bool == true)
        }
    }
}
