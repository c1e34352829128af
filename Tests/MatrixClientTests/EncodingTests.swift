/// Request bodies have the spec's shape: filters, logins, reactions, key uploads, JSON values.
import Foundation
import Testing

@testable import MatrixClient

@Suite struct EncodingTests {
    private func json(_ value: some Encodable) throws -> MatrixJSON { try MatrixJSON(encoding: value) }

    @Test func roomFilterAsksOnlyForWhatIsNeeded() throws {
        let filter = SyncFilter.forRooms(
            ["!r:hs"], timelineLimit: 50, timelineTypes: ["m.room.message"], excludingSender: "@bot:hs")
        let expected = try MatrixJSON(
            parsing: Data(
                #"""
                {"room": {"rooms": ["!r:hs"],
                          "timeline": {"limit": 50, "types": ["m.room.message"], "not_senders": ["@bot:hs"]},
                          "state": {"lazy_load_members": true}, "ephemeral": {"types": []},
                          "account_data": {"types": []}},
                 "presence": {"types": []}, "account_data": {"types": []}}
                """#.utf8))
        #expect(try json(filter) == expected)
    }

    @Test func passwordLoginBody() throws {
        let login = PasswordLoginRequest(user: "bot", password: MatrixSecret("pw"), deviceId: "DEV")
        let expected: MatrixJSON = .object([
            "type": .string("m.login.password"),
            "identifier": .object(["type": .string("m.id.user"), "user": .string("bot")]),
            "password": .string("pw"), "device_id": .string("DEV"), "refresh_token": .bool(true),
        ])
        #expect(try json(login) == expected)
    }

    @Test func reactionIsAnAnnotation() throws {
        let expected: MatrixJSON = .object([
            "m.relates_to": .object([
                "rel_type": .string("m.annotation"), "event_id": .string("$e"), "key": .string("✅"),
            ])
        ])
        #expect(try json(ReactionContent(eventId: "$e", key: "✅")) == expected)
        #expect(throws: DecodingError.self) {
            try MatrixJSON.object([
                "m.relates_to": .object([
                    "rel_type": .string("m.thread"), "event_id": .string("$e"), "key": .string("x"),
                ])
            ])
            .decode(as: ReactionContent.self)
        }
    }

    @Test func emptyKeysUploadIsAnEmptyObject() throws {
        #expect(try json(KeysUploadRequest()) == .object([:]))
    }

    @Test func jsonValuesKeepIntegersAndRoundTrip() throws {
        let text = #"{"ts":1732500000123,"f":1.5,"n":null,"b":false,"a":["x",-3],"big":9007199254740993}"#
        let value = try MatrixJSON(parsing: Data(text.utf8))
        #expect(value["ts"] == .int(1_732_500_000_123) && value["f"] == .double(1.5))
        #expect(value["big"]?.intValue == 9_007_199_254_740_993)
        #expect(value["n"] == .null && value["b"]?.boolValue == false)
        #expect(value["a"]?.arrayValue == [.string("x"), .int(-3)])
        #expect(try MatrixJSON(parsing: JSONEncoder().encode(value)) == value)
        #expect(value["missing"] == nil && value["ts"]?.stringValue == nil)
    }

    @Test func deviceKeysDecodeFromAQueryAnswer() throws {
        let body = #"""
            {"device_keys": {"@bot:hs": {"DEV": {"user_id": "@bot:hs", "device_id": "DEV",
                "algorithms": ["m.olm.v1.curve25519-aes-sha2"], "keys": {"curve25519:DEV": "c", "ed25519:DEV": "e"},
                "signatures": {"@bot:hs": {"ed25519:DEV": "sig"}}, "unsigned": {"device_display_name": "bot"}}}},
             "failures": {}, "master_keys": {}}
            """#
        let answer = try JSONDecoder().decode(KeysQueryResponse.self, from: Data(body.utf8))
        let device = try #require(try answer.device("DEV", of: "@bot:hs"))
        #expect(device.curve25519 == "c" && device.ed25519 == "e")
        #expect(device.signatures["@bot:hs"]?["ed25519:DEV"] == "sig")
        #expect(try answer.device("OTHER", of: "@bot:hs") == nil)
    }
}
