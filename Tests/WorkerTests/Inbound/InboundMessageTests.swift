/// Each inbound kind through the real worker, with PROTOCOL.md's message fields; drops and mention_only.
import Foundation
import Shared
import TestSupport
import Testing

@testable import Worker

@Suite(.serialized) struct InboundMessageTests {
    @Test func everyKindArrivesWithItsFieldsAndDropsAreDropped() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        _ = try await bed.synapse.request(
            method: "PUT", path: "/_matrix/client/v3/profile/\(bed.alice.userID.pathEscaped)/displayname",
            token: bed.alice.accessToken, json: ["displayname": "Alice"])
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID]))
        try await worker.state(.syncing)
        let root = try await bed.say(bed.alice, roomID, "plain text")
        try await bed.send(bed.alice, roomID, ["msgtype": "m.notice", "body": "a notice"])
        try await bed.send(bed.alice, roomID, ["msgtype": "m.emote", "body": "waves"])
        try await bed.send(
            bed.alice, roomID,
            [
                "msgtype": "m.text", "body": "**bold**", "format": "org.matrix.custom.html",
                "formatted_body": "<b>bold</b>",
            ])
        try await bed.send(
            bed.alice, roomID,
            [
                "msgtype": "m.text", "body": "> <\(bed.alice.userID)> plain text\n\nthe reply",
                "format": "org.matrix.custom.html",
                "formatted_body": "<mx-reply><blockquote>plain text</blockquote></mx-reply>the reply",
                "m.relates_to": ["m.in_reply_to": ["event_id": root]],
            ])
        try await bed.send(
            bed.alice, roomID,
            [
                "msgtype": "m.text", "body": "in a thread",
                "m.relates_to": [
                    "rel_type": "m.thread", "event_id": root, "is_falling_back": true,
                    "m.in_reply_to": ["event_id": root],
                ],
            ])
        try await bed.send(
            bed.alice, roomID,
            [
                "msgtype": "m.text", "body": " * plain text, edited",
                "m.new_content": ["msgtype": "m.text", "body": "plain text, edited"],
                "m.relates_to": ["rel_type": "m.replace", "event_id": root],
            ])
        try await bed.say(bed.bot, roomID, "the bot's own message")
        try await bed.say(bed.mallory, roomID, "not allowed")
        try await bed.send(
            bed.alice, roomID, type: "m.reaction",
            ["m.relates_to": ["rel_type": "m.annotation", "event_id": root, "key": "👍"]])
        let malformed = try await bed.send(
            bed.alice, roomID,
            [
                "msgtype": "m.text", "body": " * an edit without new content",
                "m.relates_to": ["rel_type": "m.replace", "event_id": root],
            ])
        try await bed.say(bed.alice, roomID, "the end")

        let messages = try await worker.messages(until: "the end")
        #expect(
            messages.map(\.body) == [
                "plain text", "a notice", "waves", "**bold**", "the reply", "in a thread", "plain text, edited",
                "the end",
            ])
        #expect(
            messages.allSatisfy { $0.sender == bed.alice.userID && $0.roomID == roomID && !$0.encrypted && $0.ts > 0 })
        #expect(messages.allSatisfy { $0.senderName == "Alice" })
        #expect(messages[0].eventID == root)
        #expect(
            messages.map(\.msgtype) == [
                "m.text", "m.notice", "m.emote", "m.text", "m.text", "m.text", "m.text", "m.text",
            ])
        #expect(messages[3].formattedBody == "<b>bold</b>")
        #expect(messages[4].replyTo == root)
        #expect(messages[4].formattedBody == "the reply")
        #expect(messages[5].threadRoot == root)
        #expect(messages[5].replyTo == nil)
        #expect(messages[6].editOf == root)
        let skipped = worker.logLines.filter { $0.contains("skipped a malformed event in \(roomID)") }
        #expect(skipped.count == 1)
        #expect(skipped.first?.contains(malformed) == true)
        #expect(
            messages[0].formattedBody == nil && messages[0].replyTo == nil && messages[0].threadRoot == nil
                && messages[0].editOf == nil)
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func mentionOnlyDeliversOnlyWhatMentionsTheBot() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID], allowedUsers: ["*"], mentionOnly: true))
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "talking among ourselves")
        try await bed.say(bed.alice, roomID, "\(bed.bot.userID): are you there?")
        try await bed.send(
            bed.mallory, roomID, ["msgtype": "m.text", "body": "hey you", "m.mentions": ["user_ids": [bed.bot.userID]]])
        try await bed.say(bed.mallory, roomID, "still among ourselves")
        try await bed.say(bed.alice, roomID, "bot, the end")  // the display name (the localpart) as a word
        let messages = try await worker.messages(until: "bot, the end")
        #expect(messages.map(\.body) == ["\(bed.bot.userID): are you there?", "hey you", "bot, the end"])
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }
}
