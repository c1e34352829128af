/// The hand-written `JSONValue` decoding of `/sync` and `/messages` gives exactly what the Codable decoding gives.
import Foundation
import Logging
import Shared
import Testing

@testable import MatrixClient

@Suite struct SyncJSONValueDecodingTests {
    /// A realistic sync: messages, a reaction, an edit, an encrypted event, state, receipts, an invite,
    /// a left room, to-device events, numbers written every way, escapes, unknown members and broken events.
    static let realisticSync = #"""
        {
          "next_batch": "s9_7_0_1_1_1_1_3_1",
          "account_data": {"events": [{"type": "m.push_rules", "content": {"global": {"override": []}}}]},
          "presence": {"events": [{"type": "m.presence", "sender": "@u:hs", "content": {"presence": "online"}}]},
          "rooms": {
            "join": {
              "!busy:hs": {
                "timeline": {
                  "events": [
                    {"type": "m.room.message", "event_id": "$1", "sender": "@alice:hs", "origin_server_ts": 1732500000001,
                     "content": {"msgtype": "m.text", "body": "h\u00e9llo \ud83d\ude00 \"quoted\"\n"},
                     "unsigned": {"age": 12, "transaction_id": "t1"}},
                    {"type": "m.room.message", "event_id": "$2", "sender": "@bob:hs", "origin_server_ts": 1732500000002,
                     "content": {"msgtype": "m.notice", "body": "n", "format": "org.matrix.custom.html",
                                 "formatted_body": "<b>n</b>"}},
                    {"type": "m.reaction", "event_id": "$3", "sender": "@bob:hs", "origin_server_ts": 1732500000003,
                     "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$1", "key": "👍"}}},
                    {"type": "m.room.message", "event_id": "$4", "sender": "@alice:hs", "origin_server_ts": 1732500000004,
                     "content": {"msgtype": "m.text", "body": "* fixed", "m.new_content": {"msgtype": "m.text", "body": "fixed"},
                                 "m.relates_to": {"rel_type": "m.replace", "event_id": "$1"}}},
                    {"type": "m.room.encrypted", "event_id": "$5", "sender": "@alice:hs", "origin_server_ts": 1732500000005,
                     "content": {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEnAC…", "device_id": "DEV",
                                 "sender_key": "abc", "session_id": "sess"}},
                    {"type": "m.room.message", "event_id": "$6", "sender": "@alice:hs", "origin_server_ts": 1.7325e12,
                     "content": {"msgtype": "m.location", "body": "here", "geo_uri": "geo:51.5,-0.12",
                                 "numbers": [0, -0, 1.0, 1e3, 100e-2, -2.5, 0.1, 9007199254740993, 9223372036854775807,
                                             -9223372036854775808, 18446744073709551616, 1e300, -1e-400, true, false, null],
                                 "deep": {"a": {"b": {"c": {"d": [[[[{"e": []}]]]]}}}}}},
                    {"type": "m.room.member", "event_id": "$7", "sender": "@carol:hs", "state_key": "@carol:hs",
                     "origin_server_ts": 1732500000007, "content": {"membership": "join", "displayname": null}},
                    {"type": "m.room.redaction", "event_id": "$8", "sender": "@alice:hs", "redacts": "$2",
                     "origin_server_ts": 1732500000008, "content": {}},
                    {"type": "m.room.message", "event_id": "$9", "sender": "@alice:hs", "origin_server_ts": 1732500000009,
                     "content": {"msgtype": "m.text", "body": "tab\there \\ slash \/ \u0000nul"}},
                    {"type": "m.room.message", "event_id": "$10", "content": "not an object"},
                    42,
                    null,
                    "a string",
                    [1, 2],
                    {},
                    {"event_id": "$notype", "content": {}},
                    {"type": "m.room.message", "event_id": "$17", "sender": "@alice:hs", "origin_server_ts": 1732500000017,
                     "content": {"msgtype": "m.text", "body": "last"}, "future": {"x": [1]}}
                  ],
                  "limited": true,
                  "prev_batch": "t34-23535_0_0"
                },
                "state": {"events": [
                  {"type": "m.room.member", "state_key": "@alice:hs", "sender": "@alice:hs", "content": {"membership": "join"}},
                  {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": "m.megolm.v1.aes-sha2",
                   "rotation_period_ms": 604800000}}
                ]},
                "account_data": {"events": [{"type": "m.fully_read", "content": {"event_id": "$1"}}]},
                "ephemeral": {"events": [
                  {"type": "m.receipt", "content": {"$1": {"m.read": {"@bob:hs": {"ts": 1732500000100}}}}},
                  {"type": "m.typing", "content": {"user_ids": ["@bob:hs"]}}
                ]},
                "unread_notifications": {"highlight_count": 0, "notification_count": 3},
                "summary": {"m.joined_member_count": 3}
              },
              "!quiet:hs": {"timeline": {"events": [], "limited": false, "prev_batch": null}, "state": null},
              "!empty:hs": {}
            },
            "invite": {
              "!inv:hs": {"invite_state": {"events": [
                {"type": "m.room.name", "sender": "@friend:hs", "state_key": "", "content": {"name": "Friends"}},
                {"type": "m.room.member", "sender": "@friend:hs", "state_key": "@bot:hs", "content": {"membership": "invite"}}
              ]}},
              "!bare:hs": {}
            },
            "leave": {"!gone:hs": {"timeline": {"events": [{"type": "m.room.member", "state_key": "@bot:hs",
              "content": {"membership": "leave"}}]}, "state": {"events": []}}},
            "knock": {"!k:hs": {}}
          },
          "to_device": {"events": [
            {"type": "m.room.encrypted", "sender": "@alice:hs", "content": {"algorithm": "m.olm.v1.curve25519-aes-sha2",
             "ciphertext": {"key": {"type": 0, "body": "Awog…"}}, "sender_key": "ck"}},
            {"type": "m.room_key_request", "sender": "@alice:hs", "content": {"action": "request", "request_id": "r1"}}
          ]},
          "device_lists": {"changed": ["@alice:hs", "@bob:hs"], "left": ["@gone:hs"]},
          "device_one_time_keys_count": {"signed_curve25519": 50, "curve25519": 0.0},
          "device_unused_fallback_key_types": ["signed_curve25519"],
          "org.example.future": {"anything": [1, {"2": 3}]}
        }
        """#

    private func both<T: Decodable & JSONValueDecodable & Equatable>(_ type: T.Type, _ body: String) throws -> (T, T) {
        let old = try JSONDecoder().decode(T.self, from: Data(body.utf8))
        let new = try T(jsonBody: Data(body.utf8))
        return (old, new)
    }

    @Test(arguments: [SyncJSONValueDecodingTests.realisticSync, SyncDecodingTests.syncBody, #"{"next_batch":"s1"}"#])
    func syncDecodesTheSameBothWays(body: String) throws {
        let (old, new) = try both(SyncResponse.self, body)
        #expect(old == new)
    }

    @Test func realisticSyncReadsAsTheWorkerNeedsIt() throws {
        let sync = try SyncResponse(jsonBody: Data(Self.realisticSync.utf8))
        #expect(sync.nextBatch == "s9_7_0_1_1_1_1_3_1")
        let room = try #require(sync.rooms.join["!busy:hs"])
        #expect(room.timeline.events.count == 17 && room.timeline.limited && room.timeline.prevBatch == "t34-23535_0_0")
        #expect(room.timeline.events[0].content?["body"]?.stringValue == "h\u{e9}llo 😀 \"quoted\"\n")
        #expect(room.timeline.events[5].originServerTs == 1_732_500_000_000)
        #expect(room.timeline.events[10] == MatrixEvent(json: .int(42)))
        #expect(room.timeline.events[11] == MatrixEvent(json: .null) && room.timeline.events[11].type == nil)
        #expect(room.timeline.events[9].type == "m.room.message" && room.timeline.events[9].content == nil)
        #expect(room.state.count == 2 && room.accountData.count == 1 && room.ephemeral.count == 2)
        let quiet = try #require(sync.rooms.join["!quiet:hs"])
        #expect(quiet.timeline.prevBatch == nil && quiet.state.isEmpty)
        #expect(
            sync.rooms.invite["!inv:hs"]?.inviteState.count == 2 && sync.rooms.invite["!bare:hs"]?.inviteState == [])
        #expect(sync.rooms.leave["!gone:hs"]?.timeline.events.count == 1)
        #expect(sync.toDevice.map(\.type) == ["m.room.encrypted", "m.room_key_request"])
        #expect(sync.deviceLists.changed == ["@alice:hs", "@bob:hs"] && sync.deviceLists.left == ["@gone:hs"])
        #expect(sync.deviceOneTimeKeysCount == ["signed_curve25519": 50, "curve25519": 0])
        #expect(sync.deviceUnusedFallbackKeyTypes == ["signed_curve25519"])
    }

    @Test func numbersMapAsJSONDecoderMappedThem() throws {
        let literals = [
            "0", "-0", "1.0", "-0.0", "1e3", "1E2", "100e-2", "0.1e1", "-2.5", "0.1", "1e-400", "-1e-400",
            "1e18", "1e19", "9007199254740993", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "9223372036854775807.0", "-9223372036854775808.0", "1e300",
        ]
        for literal in literals {
            let old = try JSONDecoder().decode(MatrixJSON.self, from: Data(literal.utf8))
            let new = MatrixJSON(try JSONValue(parsing: Data(literal.utf8)))
            #expect(old == new, "\(literal)")
        }
    }

    @Test(arguments: [
        #"{"chunk":[{"type":"m.room.message","event_id":"$a"},"junk"],"start":"t1","end":"t0","extra":1}"#,
        #"{"start":"t1"}"#,
        #"{"chunk":null,"start":"t1","end":null,"state":[{"type":"m.room.member","state_key":"@a:hs"}]}"#,
    ])
    func messagesDecodeTheSameBothWays(body: String) throws {
        let (old, new) = try both(MessagesResponse.self, body)
        #expect(old == new)
    }

    @Test func deeplyNestedEventDoesNotFailTheSync() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let body =
            #"{"next_batch":"s1","rooms":{"join":{"!r:hs":{"timeline":{"events":[{"content":{"x":\#(deep)}}]}}}}}"#
        let (old, new) = try both(SyncResponse.self, body)
        #expect(old == new && new.rooms.join["!r:hs"]?.timeline.events.count == 1)
    }

    /// Bodies both decodings reject, and what the new one says.
    @Test(arguments: [
        (#"{}"#, "next_batch: required member missing"),
        (#"{"next_batch":7}"#, "next_batch: expected a string, found number"),
        (#"{"next_batch":null}"#, "next_batch: expected a string, found null"),
        (#"{"next_batch":["s1"]}"#, "next_batch: expected a string, found array"),
        (#"[]"#, "(top level): expected an object, found array"),
        (#"{"next_batch":"s1","rooms":[]}"#, "rooms: expected an object, found array"),
        (
            #"{"next_batch":"s1","rooms":{"join":{"!r:hs":{"timeline":{"limited":"yes"}}}}}"#,
            "rooms.join.!r:hs.timeline.limited: expected true or false, found string"
        ),
        (
            #"{"next_batch":"s1","rooms":{"join":{"!r:hs":{"timeline":{"events":{}}}}}}"#,
            "rooms.join.!r:hs.timeline.events: expected an array, found object"
        ),
        (#"{"next_batch":"s1","rooms":{"join":{"!r:hs":null}}}"#, "rooms.join.!r:hs: expected an object, found null"),
        (
            #"{"next_batch":"s1","rooms":{"invite":{"!i:hs":{"invite_state":[]}}}}"#,
            "rooms.invite.!i:hs.invite_state: expected an object, found array"
        ),
        (#"{"next_batch":"s1","to_device":{"events":7}}"#, "to_device.events: expected an array, found number"),
        (
            #"{"next_batch":"s1","device_lists":{"changed":["@a:hs",null]}}"#,
            "device_lists.changed[1]: expected a string, found null"
        ),
        (
            #"{"next_batch":"s1","device_one_time_keys_count":{"signed_curve25519":"50"}}"#,
            "device_one_time_keys_count.signed_curve25519: expected an integer, found string"
        ),
        (
            #"{"next_batch":"s1","device_one_time_keys_count":{"signed_curve25519":1.5}}"#,
            "device_one_time_keys_count.signed_curve25519: expected an integer, found number"
        ),
    ])
    func wrongShapesFailBothWaysNamingTheMember(body: String, expected: String) throws {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(SyncResponse.self, from: Data(body.utf8)) }
        let error = try #require(throws: JSONShapeError.self) { try SyncResponse(jsonBody: Data(body.utf8)) }
        #expect(error.description == expected)
        #expect(Redaction.describe(error, decoding: SyncResponse.self) == expected)
    }

    @Test func wrongMessagesShapesNameTheMember() throws {
        let missing = try #require(throws: JSONShapeError.self) {
            try MessagesResponse(jsonBody: Data(#"{"chunk":[]}"#.utf8))
        }
        #expect(missing.description == "start: required member missing")
        let wrong = try #require(throws: JSONShapeError.self) {
            try MessagesResponse(jsonBody: Data(#"{"start":"t","chunk":{}}"#.utf8))
        }
        #expect(wrong.description == "chunk: expected an array, found object")
    }

    @Test(arguments: ["not json", "", #"{"next_batch":"s1""#, #"{"next_batch":"s1"} {}"#])
    func notJSONFailsBothWays(body: String) throws {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(SyncResponse.self, from: Data(body.utf8)) }
        let error = try #require(throws: JSONSyntaxError.self) { try SyncResponse(jsonBody: Data(body.utf8)) }
        #expect(
            Redaction.describe(error, decoding: SyncResponse.self).hasPrefix("SyncResponse as JSON: not valid JSON ("))
    }

    @Test func invalidUTF8FailsBothWays() throws {
        let body = Data(#"{"next_batch":""#.utf8) + Data([0xFF]) + Data(#""}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(SyncResponse.self, from: body) }
        #expect(throws: JSONSyntaxError.self) { try SyncResponse(jsonBody: body) }
    }

    @Test func tooDeepNamesTheMatrixLimit() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let body = Data(#"{"next_batch":"s1","x":\#(deep)}"#.utf8)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(SyncResponse.self, from: body) }
        let error = try #require(throws: JSONSyntaxError.self) { try SyncResponse(jsonBody: body) }
        #expect(Redaction.describe(error, decoding: SyncResponse.self).contains("nesting deeper than 512 levels"))
    }

    @Test func clientReportsAMalformedSyncNamingTheMember() async throws {
        let stub = try LocalHTTPStub { request in
            request.requestLine.contains("/messages")
                ? LocalHTTPStub.response(200, "<html>oops</html>")
                : LocalHTTPStub.response(200, #"{"next_batch":5,"access_token":"syt_leak"}"#)
        }
        defer { stub.stop() }
        let client = MatrixHTTPClient(homeserver: stub.url, accessToken: "t", logger: Logger(label: "test"))
        let error = try await #require(throws: MatrixError.self) {
            try await client.sync(since: nil, timeout: .zero, filter: nil)
        }
        guard case .malformedResponse(let failure) = error else {
            Issue.record("expected malformedResponse, got \(error)")
            return
        }
        #expect(failure.endpoint == "GET /_matrix/client/v3/sync")
        #expect(failure.expected == "next_batch: expected a string, found number")
        #expect(!error.description.contains("syt_leak") && error.isTransient)

        let page = try await #require(throws: MatrixError.self) {
            try await client.messages(roomId: "!r:hs", from: "t1")
        }
        guard case .malformedResponse(let notJSON) = page else {
            Issue.record("expected malformedResponse, got \(page)")
            return
        }
        #expect(
            notJSON.expected.hasPrefix("MessagesResponse as JSON: not valid JSON (unexpected character '<' at byte 0"))
    }
}
