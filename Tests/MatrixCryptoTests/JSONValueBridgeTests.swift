/// Shared's `JSONValue` as the crypto core uses it: parsed strictly for signing, converted through
/// `Codable` for event contents, integers kept apart from floats and booleans.
import Foundation
import MatrixCrypto
import Shared
import Testing

@Suite struct JSONValueBridgeTests {
    @Test func strictParsingKeepsIntegersFloatsAndBooleansApart() throws {
        let value = try JSONValue(parsing: Data(#"{"a":1,"b":1.5,"c":true,"d":[null,"x"],"e":{"f":-7}}"#.utf8))
        #expect(
            value
                == .object([
                    "a": .int(1), "b": .double(1.5), "c": .bool(true), "d": [nil, "x"], "e": .object(["f": -7]),
                ]))
        #expect(value["e"]?["f"] == .int(-7))
        #expect(value["d"]?.stringValue == nil)
        #expect(value["a"]?["x"] == nil)
        #expect(value.objectValue?.keys == ["a", "b", "c", "d", "e"])
    }

    @Test func whatSigningMustNotAcceptIsAnError() {
        // A repeated key would let two parsers see different objects under one signature.
        #expect(throws: JSONSyntaxError(offset: 7, problem: .duplicateKey("a"))) {
            try JSONValue(parsing: Data(#"{"a":1,"a":2}"#.utf8))
        }
        #expect(throws: JSONSyntaxError(offset: 2, problem: .unexpectedByte(0xFF))) {
            try JSONValue(parsing: [UInt8(ascii: "["), UInt8(ascii: "\""), 0xFF, UInt8(ascii: "\""), UInt8(ascii: "]")])
        }
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: Data("[1,]".utf8)) }
    }

    @Test func codableRoundTripsAndConvertsTypedContent() throws {
        let value: JSONValue = .object([
            "n": 9_007_199_254_740_991, "f": 0.25, "t": false, "s": "é", "z": nil, "a": [1, "2"],
        ])
        let decoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(decoded == value)
        #expect(decoded["t"] == .bool(false))
        #expect(decoded["n"] == .int(9_007_199_254_740_991))

        var outbound = try OutboundGroupSession()
        let content = MegolmEncryptedContent(message: try outbound.encrypt([1]), sessionId: "sid")
        let asJSON = try JSONValue(encoding: content)
        #expect(asJSON["algorithm"] == .string("m.megolm.v1.aes-sha2"))
        #expect(try asJSON.decode(as: MegolmEncryptedContent.self) == content)
        #expect(try CanonicalJSON.string(asJSON["session_id"] ?? .null) == #""sid""#)
    }
}
