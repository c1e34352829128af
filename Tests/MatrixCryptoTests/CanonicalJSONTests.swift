/// Canonical JSON and JSON signing against the Matrix spec appendix's examples and vectors.
import Foundation
import MatrixCrypto
import Shared
import Testing

@Suite struct CanonicalJSONTests {
    /// Parses `text` and returns its canonical form.
    func canonical(_ text: String) throws -> String {
        try CanonicalJSON.string(JSONValue(parsing: Data(text.utf8)))
    }

    @Test(arguments: [
        ("{}", "{}"),
        (#"{"one": 1, "two": "Two"}"#, #"{"one":1,"two":"Two"}"#),
        (#"{"b": "2", "a": "1"}"#, #"{"a":"1","b":"2"}"#),
        (#"{"b":"2","a":"1"}"#, #"{"a":"1","b":"2"}"#),
        (
            #"{ "auth": { "success": true, "mxid": "@john.doe:example.com", "profile": { "display_name": "John Doe", "three_pids": [ { "medium": "email", "address": "john.doe@example.org" }, { "medium": "msisdn", "address": "123456789" } ] } } }"#,
            #"{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}"#
        ),
        (#"{"a": "日本語"}"#, #"{"a":"日本語"}"#),
        (#"{"本": 2, "日": 1}"#, #"{"日":1,"本":2}"#),
        (#"{"a": "\u65E5"}"#, #"{"a":"日"}"#),
        (#"{"a": null}"#, #"{"a":null}"#),
        (#"{"a": -0, "b": 1e10}"#, #"{"a":0,"b":10000000000}"#),
    ])
    func specAppendixExamples(input: String, expected: String) throws {
        #expect(try canonical(input) == expected)
    }

    @Test func escapesOnlyWhatJSONRequiresInShortestForm() throws {
        let value = JSONValue.object(["k": .string("q\"b\\n\nt\tc\u{01}/é\u{1F600}")])
        #expect(try CanonicalJSON.string(value) == #"{"k":"q\"b\\n\nt\tc\u0001/é😀"}"#)
    }

    @Test func keysSortByCodePointNotByCollation() throws {
        // U+FF21 (Ａ) sorts after "b" by code point; "B" (U+0042) before "a".
        let value = JSONValue.object(["b": .int(1), "Ａ": .int(2), "a": .int(3), "B": .int(4)])
        #expect(try CanonicalJSON.string(value) == #"{"B":4,"a":3,"b":1,"Ａ":2}"#)
    }

    @Test func rejectsFractionsAndIntegersOutsideTheSpecRange() throws {
        #expect(throws: CanonicalJSONError.nonIntegerNumber(path: "$.x")) {
            try CanonicalJSON.encode(.object(["x": .double(1.5)]))
        }
        let tooBig = CanonicalJSON.maxSafeInteger + 1
        #expect(throws: CanonicalJSONError.integerOutOfRange(path: "$[0]", value: tooBig)) {
            try CanonicalJSON.encode(.array([.int(tooBig)]))
        }
        #expect(try CanonicalJSON.string(.int(-CanonicalJSON.maxSafeInteger)) == "-9007199254740991")
    }

    /// The appendix's signing key: seed `YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1`, server "domain", key "ed25519:1".
    func specKey() throws -> Ed25519KeyPair {
        try Ed25519KeyPair(seed: #require(UnpaddedBase64.decode("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1")))
    }

    @Test(arguments: [
        ("{}", "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"),
        (
            #"{"one": 1, "two": "Two"}"#,
            "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"
        ),
    ])
    func specSigningVectors(input: String, signature: String) throws {
        let key = try specKey()
        let signed = try signJSON(JSONValue(parsing: Data(input.utf8)), userID: "domain", keyID: "ed25519:1", key: key)
        #expect(signed["signatures"]?["domain"]?["ed25519:1"] == .string(signature))
        try verifySignedJSON(signed, userID: "domain", keyID: "ed25519:1", publicKey: key.publicKey)
    }

    @Test func signatureIgnoresUnsignedAndRejectsTampering() throws {
        let key = try specKey()
        let signed = try signJSON(.object(["one": .int(1)]), userID: "u", keyID: "ed25519:1", key: key)
        guard case .object(var members) = signed else { Issue.record("not an object"); return }
        members["unsigned"] = .object(["age": .int(5)])
        try verifySignedJSON(.object(members), userID: "u", keyID: "ed25519:1", publicKey: key.publicKey)
        members["one"] = .int(2)
        #expect(throws: SignedJSONError.invalidSignature(userID: "u", keyID: "ed25519:1")) {
            try verifySignedJSON(.object(members), userID: "u", keyID: "ed25519:1", publicKey: key.publicKey)
        }
        #expect(throws: SignedJSONError.missingSignature(userID: "v", keyID: "ed25519:1")) {
            try verifySignedJSON(signed, userID: "v", keyID: "ed25519:1", publicKey: key.publicKey)
        }
    }
}
