/// Messages sent by the OutboundExecutor on a real Synapse, as a second user reads them back.
import Foundation
import MatrixClient
import Shared
import TestSupport
import Testing
@testable import Worker

@Suite struct OutboundMessageTests {
    private func sentIDs(_ outcome: SendOutcome) throws -> [String] {
        guard case .sent(let eventIDs) = outcome else { throw FixtureError("expected sent, got \(outcome)") }
        return eventIDs
    }

    @Test func markdownArrivesAsHTML() async throws {
        let room = try await OutboundRoom.make()
        let ids = try sentIDs(try await room.outcome(room.send("hello **there**\nsecond `line`")))
        #expect(ids.count == 1)
        let content = try await room.peerContent(ids[0])
        #expect(content["body"] as? String == "hello **there**\nsecond `line`")
        #expect(content["msgtype"] as? String == "m.text")
        #expect(content["format"] as? String == "org.matrix.custom.html")
        #expect(content["formatted_body"] as? String == "hello <strong>there</strong><br>second <code>line</code>")
    }

    @Test func plainAndNoticeArriveAsSent() async throws {
        let room = try await OutboundRoom.make()
        let plain = try sentIDs(try await room.outcome(room.send("**as typed**", format: .plain)))
        let notice = try sentIDs(try await room.outcome(room.send("a notice", row: 2, msgtype: .notice)))
        let plainContent = try await room.peerContent(plain[0])
        #expect(plainContent["body"] as? String == "**as typed**")
        #expect(plainContent["formatted_body"] == nil)
        let noticeContent = try await room.peerContent(notice[0])
        #expect(noticeContent["msgtype"] as? String == "m.notice")
        #expect(noticeContent["formatted_body"] == nil)
    }

    @Test func replyAndThreadRelationsArrive() async throws {
        let room = try await OutboundRoom.make()
        let question = try await room.peerSends("a question")
        let reply = try sentIDs(try await room.outcome(room.send("an answer", replyTo: question)))
        let threaded = try sentIDs(try await room.outcome(room.send("in the thread", row: 2, threadRoot: question)))
        let replyRelation = try await room.peerContent(reply[0])["m.relates_to"] as? [String: Any]
        #expect((replyRelation?["m.in_reply_to"] as? [String: Any])?["event_id"] as? String == question)
        let threadRelation = try await room.peerContent(threaded[0])["m.relates_to"] as? [String: Any]
        #expect(threadRelation?["rel_type"] as? String == "m.thread")
        #expect(threadRelation?["event_id"] as? String == question)
        #expect(threadRelation?["is_falling_back"] as? Bool == true)
        // The homeserver itself counts the message in the thread.
        let threads = try await room.synapse.request(
            path: "/_matrix/client/v1/rooms/\(room.roomID)/relations/\(OutboundRoom.escaped(question))/m.thread",
            token: room.peer.accessToken)
        let related = (threads.json["chunk"] as? [[String: Any]] ?? []).compactMap { $0["event_id"] as? String }
        #expect(related == threaded)
    }

    @Test func largeBodyIsSplitInOrderAndEveryPartArrives() async throws {
        let room = try await OutboundRoom.make()
        var paragraphs: [String] = []
        for index in 0..<1_600 {
            paragraphs.append("Paragraph \(index) with *some* text: " + String(repeating: "ü 🙂 ", count: 12))
        }
        let body = paragraphs.joined(separator: "\n\n")
        #expect(body.utf8.count > 200_000)
        let ids = try sentIDs(try await room.outcome(room.send(body, threadRoot: nil)))
        #expect(ids.count >= 4)
        var bodies: [String] = []
        for id in ids {
            let content = try await room.peerContent(id)
            bodies.append(content["body"] as? String ?? "")
            #expect((content["formatted_body"] as? String)?.contains("<em>some</em>") == true)
        }
        #expect(bodies.joined(separator: "\n\n") == body)
        let timeline = try await room.peerTimeline(limit: ids.count)
        #expect(timeline.compactMap { $0["event_id"] as? String } == ids)
    }

    @Test func sameTransactionIDTwiceMakesOneEvent() async throws {
        let room = try await OutboundRoom.make()
        let command = room.send("only once", txnID: "txn-once")
        let first = try sentIDs(try await room.outcome(command))
        let second = try sentIDs(try await room.outcome(command))
        #expect(first == second)
        let bodies = try await room.peerTimeline(limit: 10).compactMap {
            ($0["content"] as? [String: Any])?["body"] as? String
        }
        #expect(bodies.filter { $0 == "only once" }.count == 1)
    }

    @Test func splitMessageResumesWithTheEventsAlreadySent() async throws {
        let room = try await OutboundRoom.make()
        let body = String(repeating: "a", count: 70_000) + "\n" + String(repeating: "b", count: 10)
        let command = room.send(body, txnID: "txn-split", format: .plain)
        guard case .send(let send) = command else { throw FixtureError("not a send") }
        // A previous attempt got part 0 through before the worker died.
        let part0 = MessageComposer().parts(of: send)[0]
        let earlier = try await room.client.send(
            roomId: room.roomID, eventType: "m.room.message", txnId: "txn-split",
            content: MessageComposer().content(of: part0, index: 0, of: send, previousEventID: nil))
        let ids = try sentIDs(try await room.outcome(command))
        #expect(ids.count == 2)
        #expect(ids.first == earlier)
        let timeline = try await room.peerTimeline(limit: 10).compactMap { $0["event_id"] as? String }
        #expect(Array(timeline.suffix(2)) == ids)
    }
}
