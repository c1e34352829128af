/// Outbound end to end: what the agent sends, as alice reads it back from Synapse; reactions, receipts, typing.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct OutboundEndToEndTests {
    @Test func htmlReplyThreadNoticeAndSplitAreSeenByThePeerAsSent() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            try await agent.state("syncing")
            let root = try await rig.aliceSays("the root")
            try await agent.messages(1)

            let long = (1...40).map { "paragraph \($0) " + String(repeating: "x", count: 2000) }.joined(
                separator: "\n\n")
            try await agent.sendMessage(id: "html", body: "**bold** and _it_")
            try await agent.sendMessage(id: "reply", body: "a reply", ["format": "plain", "reply_to": root])
            try await agent.sendMessage(id: "thread", body: "in thread", ["format": "plain", "thread_root": root])
            try await agent.sendMessage(id: "notice", body: "a notice", ["format": "plain", "msgtype": "m.notice"])
            try await agent.sendMessage(id: "long", body: long, ["format": "plain"])
            let ids = ["html", "reply", "thread", "notice", "long"]
            try await agent.sent(ids)
            for id in ids {
                #expect(agent.outcomes(id).map(\.type) == ["sent"], "\(id)")
                #expect(agent.frames.count { $0.type == "accepted" && $0.string("id") == id } == 1)
            }
            let split = try #require(agent.outcomes("long").first?.object["event_ids"] as? [String])
            #expect(split.count >= 2 && split.first == agent.outcomes("long").first?.string("event_id"))

            let events = try await rig.botMessages()
            func event(_ id: String) -> [String: Any] {
                let eventID = agent.outcomes(id).first?.string("event_id")
                return content(events.first { $0["event_id"] as? String == eventID } ?? [:])
            }
            #expect(event("html")["body"] as? String == "**bold** and _it_")
            #expect(event("html")["format"] as? String == "org.matrix.custom.html")
            #expect((event("html")["formatted_body"] as? String)?.contains("<strong>bold</strong>") == true)
            #expect(event("reply")["body"] as? String == "a reply" && event("reply")["formatted_body"] == nil)
            let replyTo = (event("reply")["m.relates_to"] as? [String: Any])?["m.in_reply_to"] as? [String: Any]
            #expect(replyTo?["event_id"] as? String == root)
            let threadRelation = event("thread")["m.relates_to"] as? [String: Any]
            #expect(
                threadRelation?["rel_type"] as? String == "m.thread" && threadRelation?["event_id"] as? String == root)
            #expect(event("notice")["msgtype"] as? String == "m.notice")
            let parts = split.compactMap { id in events.first { $0["event_id"] as? String == id } }.compactMap {
                content($0)["body"] as? String
            }
            #expect(parts.count == split.count)
            #expect(parts.allSatisfy { $0.utf8.count <= 65536 })
            #expect(parts.joined().filter { !$0.isWhitespace } == long.filter { !$0.isWhitespace })
            #expect(events.count == 4 + split.count)
        }
    }

    @Test func ackReactsDoneReactsAndMovesTheReceiptTypingIsVisible() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            agent.autoAck = false
            try await agent.state("syncing")
            let question = try await rig.aliceSays("a question")
            try await agent.messages(1)
            let seq = try #require(agent.messages.first?.int("seq"))

            try await agent.send(["type": "typing", "typing": true, "timeout_ms": 20000])
            #expect(
                try await rig.aliceSeesEphemeral { event in
                    event["type"] as? String == "m.typing"
                        && ((content(event)["user_ids"] as? [String]) ?? []).contains(rig.bot.userID)
                })
            try await agent.send(["type": "ack", "seq": seq])
            #expect(try await eventually { try await rig.botReactions(on: question) == ["👀"] })
            try await agent.send(["type": "typing", "typing": false])
            try await agent.send(["type": "done", "event_id": question])
            #expect(try await eventually { Set(try await rig.botReactions(on: question)) == ["👀", "✅"] })
            #expect(
                try await rig.aliceSeesEphemeral { event in
                    guard event["type"] as? String == "m.receipt",
                        let receipts = content(event)[question] as? [String: Any],
                        let read = receipts["m.read"] as? [String: Any]
                    else { return false }
                    return read[rig.bot.userID] != nil
                })
            // The agent's own reaction arrives once, as `sent`.
            try await agent.send(["type": "react", "id": "r1", "event_id": question, "key": "👍"])
            try await agent.sent(["r1"])
            #expect(agent.outcomes("r1").map(\.type) == ["sent"])
            #expect(
                try await eventually { try await rig.botReactions(on: question).sorted() == ["👀", "👍", "✅"].sorted() })
        }
    }
}
