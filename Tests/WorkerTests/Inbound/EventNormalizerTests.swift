/// EventNormalizer on JSON fixtures: every message kind, the drop rules, mention_only and malformed events.
import Foundation
import MatrixClient
import Shared
import Testing

@testable import Worker

@Suite struct EventNormalizerTests {
    static let room = "!room:localhost"
    static let fixtures: [String: MatrixEvent] = {
        (try? JSONDecoder().decode([String: MatrixEvent].self, from: Data(EventFixtures.json.utf8))) ?? [:]
    }()

    let normalizer = EventNormalizer(
        userID: "@bot:localhost", allowedUsers: ["@alice:localhost", "@Bob:localhost"], mentionOnly: false,
        botDisplayName: "Helper")
    let mentionOnly = EventNormalizer(
        userID: "@bot:localhost", allowedUsers: ["*"], mentionOnly: true, botDisplayName: "Helper")

    func normalize(_ name: String, with normalizer: EventNormalizer? = nil, senderName: String? = nil) throws
        -> NormalizedEvent
    {
        let event = try #require(Self.fixtures[name], "fixture \(name)")
        return (normalizer ?? self.normalizer).normalize(event, roomID: Self.room, senderName: senderName)
    }

    func message(_ name: String, senderName: String? = nil) throws -> InboundEvent {
        guard case .message(let message) = try normalize(name, senderName: senderName) else {
            Issue.record("\(name) is not delivered: \(try normalize(name))")
            throw CancellationError()
        }
        return message
    }

    @Test func plainText() throws {
        let message = try message("text", senderName: "Alice")
        #expect(
            message
                == InboundEvent(
                    eventID: "$text", roomID: Self.room, sender: "@alice:localhost", senderName: "Alice",
                    body: "hi there",
                    msgtype: "m.text", ts: 1_764_000_000_000, encrypted: false))
    }

    @Test func noticeAndEmoteKeepTheirMsgtype() throws {
        #expect(try message("notice").msgtype == "m.notice")
        #expect(try message("notice").body == "a notice")
        #expect(try message("emote").msgtype == "m.emote")
        #expect(try message("emote").body == "waves")
    }

    @Test func formattedBody() throws {
        let message = try message("formatted")
        #expect(message.body == "hi **there**")
        #expect(message.formattedBody == "hi <b>there</b>")
    }

    @Test func replyFallbackIsStrippedAndReplyToSet() throws {
        let message = try message("reply")
        #expect(message.body == "the answer")
        #expect(message.formattedBody == "the <i>answer</i>")
        #expect(message.replyTo == "$q")
        #expect(message.threadRoot == nil)
    }

    @Test func replyWithoutFallbackKeepsItsQuote() throws {
        let message = try message("reply_without_fallback")
        #expect(message.replyTo == "$q")
        #expect(message.body == "> not a fallback, a quote")
    }

    @Test func threadMessageHasRootAndNoFallbackReply() throws {
        let message = try message("thread")
        #expect(message.threadRoot == "$root")
        #expect(message.replyTo == nil)
        let reply = try self.message("thread_reply")
        #expect(reply.threadRoot == "$root")
        #expect(reply.replyTo == "$other")
    }

    @Test func editCarriesTheNewContent() throws {
        let message = try message("edit")
        #expect(message.editOf == "$orig")
        #expect(message.body == "fixed text")
        #expect(message.formattedBody == "<b>fixed</b> text")
        #expect(message.replyTo == nil)
    }

    @Test func ownAndNotAllowedAndOtherEventsAreDropped() throws {
        #expect(try normalize("own") == .dropped(.ownEvent))
        #expect(try normalize("stranger") == .dropped(.senderNotAllowed))
        #expect(try normalize("reaction") == .dropped(.notAMessage))
        #expect(try normalize("redacted") == .dropped(.redacted))
        #expect(try normalize("encrypted") == .encrypted)
    }

    @Test func allowedUsersCompareCaseInsensitivelyAndStarAllowsAll() throws {
        let bob = MatrixEvent(
            json: .object([
                "type": .string("m.room.message"), "event_id": .string("$b"), "sender": .string("@bob:localhost"),
                "origin_server_ts": .int(5),
                "content": .object(["msgtype": .string("m.text"), "body": .string("hey")]),
            ]))
        guard case .message = normalizer.normalize(bob, roomID: Self.room, senderName: nil) else {
            Issue.record("@bob:localhost should match @Bob:localhost")
            return
        }
        let nobody = EventNormalizer(
            userID: "@bot:localhost", allowedUsers: [], mentionOnly: false, botDisplayName: nil)
        #expect(nobody.normalize(bob, roomID: Self.room, senderName: nil) == .dropped(.senderNotAllowed))
        let everybody = EventNormalizer(
            userID: "@bot:localhost", allowedUsers: ["*"], mentionOnly: false, botDisplayName: nil)
        #expect(try normalize("stranger", with: everybody) != .dropped(.senderNotAllowed))
    }

    @Test func mentionOnlyDeliversOnlyMentions() throws {
        for name in ["mention_by_id", "mention_by_name", "mention_intentional", "mention_pill"] {
            guard case .message = try normalize(name, with: mentionOnly) else {
                Issue.record("\(name) should count as a mention")
                continue
            }
        }
        #expect(try normalize("mention_in_word", with: mentionOnly) == .dropped(.notMentioned))
        #expect(try normalize("text", with: mentionOnly) == .dropped(.notMentioned))
    }

    @Test(arguments: [
        "malformed_no_body", "malformed_body_number", "malformed_no_ts", "malformed_sender", "malformed_no_event_id",
        "malformed_content_string", "malformed_edit", "malformed_no_type", "not_an_object",
    ])
    func malformedEventsAreReportedNotDelivered(name: String) throws {
        guard case .malformed(let reason) = try normalize(name) else {
            Issue.record("\(name) should be malformed, got \(try normalize(name))")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func everyFixtureLoaded() {
        #expect(Self.fixtures.count == 28)
    }
}
