/// A sync answer with malformed events and unknown members decodes; only the bad events fail, one by one.
import Foundation
import Testing

@testable import MatrixClient

@Suite struct SyncDecodingTests {
    static let syncBody = #"""
        {
          "next_batch": "s72594_4483_1934",
          "future_section": {"anything": [1, 2, 3]},
          "rooms": {
            "join": {
              "!room:localhost": {
                "timeline": {
                  "events": [
                    {"type": "m.room.message", "event_id": "$good1", "sender": "@u:localhost",
                     "origin_server_ts": 1732500000123, "content": {"msgtype": "m.text", "body": "hi"}, "new_field": true},
                    42,
                    {"event_id": "$notype", "content": {}},
                    {"type": "m.room.message", "event_id": "$badcontent", "content": "not an object"},
                    {"type": "m.reaction", "event_id": "$good2", "sender": "@u:localhost", "origin_server_ts": 2,
                     "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$good1", "key": "👀"}}}
                  ],
                  "limited": true,
                  "prev_batch": "t34-23535_0_0"
                },
                "state": {"events": [{"type": "m.room.member", "state_key": "@u:localhost", "content": {"membership": "join"}}]},
                "ephemeral": {"events": [{"type": "m.typing", "content": {"user_ids": []}}]},
                "unread_notifications": {"highlight_count": 0},
                "summary": {}
              },
              "!quiet:localhost": {}
            },
            "invite": {"!inv:localhost": {"invite_state": {"events": [{"type": "m.room.member", "sender": "@friend:localhost", "state_key": "@bot:localhost", "content": {"membership": "invite"}}]}}},
            "leave": {"!gone:localhost": {"timeline": {"events": []}}},
            "knock": {}
          },
          "to_device": {"events": [{"type": "m.room.encrypted", "sender": "@u:localhost", "content": {}}]},
          "device_lists": {"changed": ["@u:localhost"]},
          "device_one_time_keys_count": {"signed_curve25519": 50},
          "device_unused_fallback_key_types": ["signed_curve25519"]
        }
        """#

    @Test func malformedEventsDoNotFailTheBatch() throws {
        let sync = try JSONDecoder().decode(SyncResponse.self, from: Data(Self.syncBody.utf8))
        #expect(sync.nextBatch == "s72594_4483_1934")
        let room = try #require(sync.rooms.join["!room:localhost"])
        #expect(room.timeline.events.count == 5)
        #expect(room.timeline.limited && room.timeline.prevBatch == "t34-23535_0_0")

        struct Message: Decodable {
            let type: String
            let content: Content
            struct Content: Decodable { let body: String }
        }
        var bodies: [String] = []
        var skipped: [String] = []
        for event in room.timeline.events {
            guard event.type == "m.room.message" else { continue }
            do { bodies.append(try event.decode(as: Message.self).content.body) } catch {
                skipped.append(event.eventId ?? "?")
            }
        }
        #expect(bodies == ["hi"] && skipped == ["$badcontent"])
        #expect(room.timeline.events[1] == MatrixEvent(json: .int(42)) && room.timeline.events[1].type == nil)
        #expect(room.timeline.events[2].type == nil && room.timeline.events[2].eventId == "$notype")
        #expect(room.timeline.events[3].content == nil)

        let good = room.timeline.events[0]
        #expect(good.originServerTs == 1_732_500_000_123 && good.sender == "@u:localhost")
        let reaction = try room.timeline.events[4].decodeContent(as: ReactionContent.self)
        #expect(reaction == ReactionContent(eventId: "$good1", key: "👀"))
    }

    @Test func absentSectionsAreEmptyAndOtherSectionsDecode() throws {
        let sync = try JSONDecoder().decode(SyncResponse.self, from: Data(Self.syncBody.utf8))
        let quiet = try #require(sync.rooms.join["!quiet:localhost"])
        #expect(quiet.timeline.events.isEmpty && !quiet.timeline.limited && quiet.state.isEmpty)
        #expect(sync.rooms.join["!room:localhost"]?.state.first?.stateKey == "@u:localhost")
        #expect(sync.rooms.join["!room:localhost"]?.ephemeral.first?.type == "m.typing")
        #expect(sync.rooms.invite["!inv:localhost"]?.inviteState.first?.sender == "@friend:localhost")
        #expect(sync.rooms.leave["!gone:localhost"]?.timeline.events.isEmpty == true)
        #expect(sync.toDevice.first?.type == "m.room.encrypted")
        #expect(sync.deviceLists.changed == ["@u:localhost"] && sync.deviceLists.left.isEmpty)
        #expect(sync.deviceOneTimeKeysCount == ["signed_curve25519": 50])
        #expect(sync.deviceUnusedFallbackKeyTypes == ["signed_curve25519"])
    }

    @Test func minimalSyncHasOnlyNextBatch() throws {
        let sync = try JSONDecoder().decode(SyncResponse.self, from: Data(#"{"next_batch":"s1"}"#.utf8))
        #expect(sync.rooms.join.isEmpty && sync.toDevice.isEmpty && sync.accountData.isEmpty)
        #expect(sync.deviceUnusedFallbackKeyTypes == nil && sync.deviceOneTimeKeysCount.isEmpty)
    }

    @Test func brokenEnvelopeSaysWhere() {
        let body = Data(#"{"next_batch":"s1","rooms":{"join":{"!r:hs":{"timeline":{"limited":"yes"}}}}}"#.utf8)
        do {
            _ = try JSONDecoder().decode(SyncResponse.self, from: body)
            Issue.record("decoded a timeline whose limited is a string")
        } catch {
            let described = Redaction.describe(error, decoding: SyncResponse.self)
            #expect(described == "rooms.join.!r:hs.timeline.limited: expected Bool")
        }
        do {
            _ = try JSONDecoder().decode(SyncResponse.self, from: Data("not json".utf8))
            Issue.record("decoded text that is not JSON")
        } catch {
            #expect(Redaction.describe(error, decoding: SyncResponse.self) == "SyncResponse as JSON: not valid JSON")
        }
    }

    @Test func messagesPageDecodes() throws {
        let body = #"{"chunk":[{"type":"m.room.message","event_id":"$a"},"junk"],"start":"t1","end":"t0","extra":1}"#
        let page = try JSONDecoder().decode(MessagesResponse.self, from: Data(body.utf8))
        #expect(page.chunk.count == 2 && page.chunk[0].eventId == "$a" && page.chunk[1].type == nil)
        #expect(page.start == "t1" && page.end == "t0" && page.state.isEmpty)
    }
}
