/// OlmAccount: device keys, one-time and fallback keys, their signatures, limits and snapshots.
import Foundation
import MatrixCrypto
import Shared
import Testing

@Suite struct OlmAccountTests {
    @Test func deviceKeysAreSignedAndVerifiable() throws {
        let account = try OlmAccount()
        let json = try account.deviceKeys(userID: "@bot:example.org", deviceID: "PRXBOT")
        let keys = try DeviceKeys(verifying: json, userID: "@bot:example.org", deviceID: "PRXBOT")
        #expect(keys.curve25519Key == account.curve25519Key)
        #expect(keys.ed25519Key == account.ed25519Key)
        #expect(keys.algorithms == ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"])
        #expect(throws: DeviceKeysError.identityMismatch(field: "device_id", expected: "OTHER", got: "PRXBOT")) {
            try DeviceKeys(verifying: json, userID: "@bot:example.org", deviceID: "OTHER")
        }
        guard case .object(var members) = json else { Issue.record("not an object"); return }
        members["algorithms"] = .array([.string("m.olm.v1.curve25519-aes-sha2")])
        #expect(
            throws: DeviceKeysError.signature(.invalidSignature(userID: "@bot:example.org", keyID: "ed25519:PRXBOT"))
        ) {
            try DeviceKeys(verifying: .object(members), userID: "@bot:example.org", deviceID: "PRXBOT")
        }
    }

    @Test func oneTimeKeysAreSignedPublishedAndBounded() throws {
        var account = try OlmAccount()
        try account.generateOneTimeKeys(3)
        #expect(account.unpublishedOneTimeKeys.count == 3)
        // vodozemac-style ids: 8 big-endian bytes, unpadded base64.
        #expect(Set(account.unpublishedOneTimeKeys.keys) == ["AAAAAAAAAAA", "AAAAAAAAAAE", "AAAAAAAAAAI"])
        let signed = try account.signedOneTimeKeys(userID: "@bot:x", deviceID: "D")
        let device = try DeviceKeys(
            verifying: account.deviceKeys(userID: "@bot:x", deviceID: "D"), userID: "@bot:x", deviceID: "D")
        for (id, object) in signed {
            let key = try device.verifyOneTimeKey(object)
            #expect(account.unpublishedOneTimeKeys[String(id.dropFirst("signed_curve25519:".count))] == key)
        }
        account.markKeysAsPublished()
        #expect(account.unpublishedOneTimeKeys.isEmpty)
        #expect(try account.signedOneTimeKeys(userID: "@bot:x", deviceID: "D").isEmpty)

        let firstKey = try #require(signed["signed_curve25519:AAAAAAAAAAA"]?["key"]?.stringValue)
        let dropped = try account.generateOneTimeKeys(OlmAccount.maxStoredOneTimeKeys)
        #expect(account.storedOneTimeKeyCount == OlmAccount.maxStoredOneTimeKeys)
        #expect(dropped.count == 3)
        #expect(dropped.first?.base64 == firstKey)
    }

    @Test func fallbackKeysRotateAndAreFlagged() throws {
        var account = try OlmAccount()
        #expect(try account.signedFallbackKeys(userID: "@u:x", deviceID: "D").isEmpty)
        let first = try account.generateFallbackKey()
        let signed = try account.signedFallbackKeys(userID: "@u:x", deviceID: "D")
        let object = try #require(signed.values.first)
        #expect(object["fallback"] == .bool(true))
        let device = try DeviceKeys(
            verifying: account.deviceKeys(userID: "@u:x", deviceID: "D"), userID: "@u:x", deviceID: "D")
        #expect(try device.verifyOneTimeKey(object) == first)
        account.markKeysAsPublished()
        #expect(account.unpublishedFallbackKey.isEmpty)

        // A session made on the previous fallback key still works until it is forgotten.
        let alice = try OlmAccount()
        var outbound = try alice.createOutboundSession(theirIdentityKey: account.curve25519Key, theirOneTimeKey: first)
        let second = try account.generateFallbackKey()
        #expect(account.unpublishedFallbackKey.values.first == second)
        guard case .preKey(let message) = try outbound.encrypt(Array("hi".utf8)) else {
            Issue.record("expected a pre-key message"); return
        }
        var copy = account
        let (_, plaintext) = try copy.createInboundSession(theirIdentityKey: alice.curve25519Key, message: message)
        #expect(plaintext == Array("hi".utf8))
        // A fallback key is not consumed by use.
        _ = try copy.createInboundSession(theirIdentityKey: alice.curve25519Key, message: message)
        account.forgetPreviousFallbackKey()
        #expect(throws: OlmError.unknownOneTimeKey(first)) {
            try account.createInboundSession(theirIdentityKey: alice.curve25519Key, message: message)
        }
    }

    @Test func inboundSessionConsumesTheOneTimeKeyOnlyOnSuccess() throws {
        var bob = try OlmAccount()
        try bob.generateOneTimeKeys(1)
        let otk = try #require(bob.unpublishedOneTimeKeys.values.first)
        let alice = try OlmAccount()
        var outbound = try alice.createOutboundSession(theirIdentityKey: bob.curve25519Key, theirOneTimeKey: otk)
        guard case .preKey(let message) = try outbound.encrypt(Array("hello".utf8)) else {
            Issue.record("expected a pre-key message"); return
        }
        let stranger = try OlmAccount().curve25519Key
        #expect(throws: OlmError.identityKeyMismatch(expected: stranger, got: alice.curve25519Key)) {
            try bob.createInboundSession(theirIdentityKey: stranger, message: message)
        }
        #expect(bob.storedOneTimeKeyCount == 1)
        let (inbound, plaintext) = try bob.createInboundSession(theirIdentityKey: alice.curve25519Key, message: message)
        #expect(plaintext == Array("hello".utf8))
        #expect(inbound.sessionID == outbound.sessionID)
        #expect(bob.storedOneTimeKeyCount == 0)
        #expect(throws: OlmError.unknownOneTimeKey(otk)) {
            try bob.createInboundSession(theirIdentityKey: nil, message: message)
        }
    }

    @Test func snapshotRoundTripsThroughCodable() throws {
        var account = try OlmAccount()
        try account.generateOneTimeKeys(2)
        try account.generateFallbackKey()
        let restored = try JSONDecoder().decode(OlmAccount.self, from: JSONEncoder().encode(account))
        #expect(restored.curve25519Key == account.curve25519Key)
        #expect(restored.ed25519Key == account.ed25519Key)
        #expect(restored.unpublishedOneTimeKeys == account.unpublishedOneTimeKeys)
        #expect(restored.unpublishedFallbackKey == account.unpublishedFallbackKey)
        #expect(try restored.sign([1, 2, 3]) == account.sign([1, 2, 3]))
    }
}
