/// Inbound end to end: alice writes each event kind in a real Synapse, the agent gets PROTOCOL.md's fields.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct InboundEndToEndTests {
    @Test func everyEventKindArrivesWithItsProtocolFields() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            try await agent.state("syncing")

            let text = try await rig.aliceSends([
                "msgtype": "m.text", "body": "hi **there**", "format": "org.matrix.custom.html",
                "formatted_body": "hi <b>there</b>",
            ])
            let notice = try await rig.aliceSends(["msgtype": "m.notice", "body": "a notice"])
            let emote = try await rig.aliceSends(["msgtype": "m.emote", "body": "waves"])
            let reply = try await rig.aliceSends([
                "msgtype": "m.text", "body": "> <@alice:localhost> hi **there**\n\nthe reply",
                "m.relates_to": ["m.in_reply_to": ["event_id": text]],
            ])
            let thread = try await rig.aliceSends([
                "msgtype": "m.text", "body": "in the thread",
                "m.relates_to": [
                    "rel_type": "m.thread", "event_id": text, "is_falling_back": true,
                    "m.in_reply_to": ["event_id": text],
                ],
            ])
            let edit = try await rig.aliceSends([
                "msgtype": "m.text", "body": "* hi again",
                "m.new_content": ["msgtype": "m.text", "body": "hi again"],
                "m.relates_to": ["rel_type": "m.replace", "event_id": text],
            ])
            try await agent.messages(6)
            let messages = agent.messages
            #expect(messages.map { $0.string("event_id") } == [text, notice, emote, reply, thread, edit])
            let seqs = messages.compactMap { $0.int("seq") }
            #expect(seqs.count == 6 && zip(seqs, seqs.dropFirst()).allSatisfy { $0 < $1 } && seqs[0] > 0)
            for message in messages {
                #expect(message.string("room_id") == rig.roomID)
                #expect(message.string("sender") == rig.alice.userID)
                #expect(message.object["encrypted"] as? Bool == false)
                #expect((message.int("ts") ?? 0) > 1_700_000_000_000)
            }
            #expect(
                messages[0].string("body") == "hi **there**"
                    && messages[0].string("formatted_body") == "hi <b>there</b>")
            #expect(messages[0].string("msgtype") == "m.text" && messages[0].object["reply_to"] == nil)
            #expect(messages[1].string("msgtype") == "m.notice" && messages[1].object["formatted_body"] == nil)
            #expect(messages[2].string("msgtype") == "m.emote" && messages[2].string("body") == "waves")
            #expect(messages[3].string("body") == "the reply" && messages[3].string("reply_to") == text)
            #expect(messages[4].string("thread_root") == text && messages[4].string("body") == "in the thread")
            #expect(messages[5].string("edit_of") == text && messages[5].string("body") == "hi again")
            #expect(messages.allSatisfy { $0.object["thread_root"] == nil || $0.string("event_id") == thread })
        }
    }

    @Test func theBotsOwnEventsAndStrangersAreNotDelivered() async throws {
        let rig = try await EndToEndRig.make()
        defer { Task { await rig.remove() } }
        let mallory = try await rig.synapse.register(user: "mallory", password: "pw-mallory")
        let invite = try await rig.synapse.request(
            method: "POST", path: "/_matrix/client/v3/rooms/\(rig.roomID.pathEscaped)/invite",
            token: rig.alice.accessToken,
            json: ["user_id": mallory.userID])
        #expect(invite.status == 200)
        let joined = try await rig.synapse.request(
            method: "POST", path: "/_matrix/client/v3/join/\(rig.roomID.pathEscaped)", token: mallory.accessToken,
            json: [:])
        #expect(joined.status == 200)
        try await rig.withDaemon { _ in
            let agent = try await rig.agent()
            try await agent.state("syncing")

            let path = "/_matrix/client/v3/rooms/\(rig.roomID.pathEscaped)/send/m.room.message/"
            _ = try await rig.synapse.request(
                method: "PUT", path: path + "m1", token: mallory.accessToken,
                json: ["msgtype": "m.text", "body": "from mallory"])
            try await agent.sendMessage(id: "own", body: "from the bot")
            try await agent.sent(["own"])
            try await rig.aliceSays("last")
            try await agent.messages(1)
            #expect(agent.messages.map { $0.string("body") } == ["last"])
        }
    }
}
