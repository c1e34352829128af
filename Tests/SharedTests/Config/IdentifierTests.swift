/// The Matrix identifier types: what they accept, what they reject and why, and their JSON form.
import Foundation
@testable import Shared
import Testing

@Suite struct IdentifierTests {
    @Test(arguments: [
        "@bot:matrix.org", "@a.b_c=d-e/f+g:example.org:8448", "@x:[::1]:8008", "@x:127.0.0.1", "@Old_Style!:host",
    ])
    func acceptsUserIDs(_ s: String) throws {
        #expect(try UserID(validating: s).rawValue == s)
    }

    @Test(arguments: [
        ("bot", "it must start with \"@\""), ("@bot", "it has no \":server\" part"),
        ("@:m.org", "nothing between \"@\" and \":\""),
        ("@bot:", "the server name after \":\" is empty"),
        ("@b ot:m.org", "the localpart may contain only visible ASCII characters"),
        ("@bot:m.org:99999", "\":99999\" is not a valid :port (1...65535)"),
        (
            "@bot:exa mple.org",
            "the server name \"exa mple.org\" may contain only letters, digits, \"-\" and \".\" (and an optional :port)"
        ),
    ])
    func rejectsUserIDs(_ s: String, _ reason: String) {
        #expect(throws: IdentifierError(kind: "user id", input: s, reason: reason, example: "@bot:matrix.org")) {
            try UserID(validating: s)
        }
    }

    @Test func roomsAliasesAndEvents() throws {
        #expect(try RoomReference(validating: "!abc:m.org") == .id(RoomID(validating: "!abc:m.org")))
        #expect(try RoomReference(validating: "#general:m.org") == .alias(RoomAlias(validating: "#general:m.org")))
        #expect(try RoomID(validating: "!" + String(repeating: "A", count: 43)).rawValue.count == 44)
        #expect(throws: IdentifierError.self) { try RoomID(validating: "!abc") }
        #expect(throws: IdentifierError.self) { try RoomAlias(validating: "#gen eral:m.org") }
        #expect(throws: IdentifierError.self) { try RoomReference(validating: "abc:m.org") }
        #expect(try EventID(validating: "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg").rawValue.hasPrefix("$"))
        #expect(try EventID(validating: "$abc:m.org").rawValue == "$abc:m.org")
        #expect(throws: IdentifierError.self) { try EventID(validating: "$") }
        #expect(throws: IdentifierError.self) { try EventID(validating: "abc") }
        #expect(throws: IdentifierError.self) {
            try UserID(validating: "@" + String(repeating: "a", count: 250) + ":m.org")
        }
    }

    @Test func codableAsStringsAndValidatedOnDecode() throws {
        let user = try UserID(validating: "@bot:m.org")
        let room = RoomReference.alias(try RoomAlias(validating: "#r:m.org"))
        #expect(String(decoding: try JSONEncoder().encode([user]), as: UTF8.self) == "[\"@bot:m.org\"]")
        #expect(String(decoding: try JSONEncoder().encode([room]), as: UTF8.self) == "[\"#r:m.org\"]")
        #expect(try JSONDecoder().decode([RoomReference].self, from: Data("[\"#r:m.org\"]".utf8)) == [room])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([UserID].self, from: Data("[\"bot\"]".utf8)) }
    }

    @Test func allowedUsersCompareCaseInsensitivelyInASCII() throws {
        let allowed = AllowedUsers.only([try UserID(validating: "@Alice:Matrix.org")])
        #expect(allowed.allows(try UserID(validating: "@alice:matrix.ORG")))
        #expect(!allowed.allows(try UserID(validating: "@alice2:matrix.org")))
        #expect(!AllowedUsers.nobody.allows(try UserID(validating: "@alice:matrix.org")))
        #expect(AllowedUsers.everybody.allows(try UserID(validating: "@x:y.org")))
    }

    @Test func suggestionsByEditDistance() {
        #expect(KeySuggestion.closest(to: "romo_id", among: MatrixConfig.knownKeys) == "room_id")
        #expect(KeySuggestion.closest(to: "homeserver_url", among: MatrixConfig.knownKeys) == "homeserver")
        #expect(KeySuggestion.closest(to: "allowed_user", among: MatrixConfig.knownKeys) == "allowed_users")
        #expect(KeySuggestion.closest(to: "zzzzzzzz", among: MatrixConfig.knownKeys) == nil)
        #expect(KeySuggestion.distance("kitten", "sitting") == 3)
    }
}
