/// Olm accounts and sessions through the sealed store envelope: what survives a round trip, a restored
/// session talking on with vodozemac and libolm, and typed errors for a wrong key, tampering or kind.
import Foundation
import MatrixCrypto
import Shared
import TestSupport
import Testing

@Suite struct OlmPickleTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func accountKeepsItsIdentityOneTimeAndFallbackKeys() throws {
        let key = PickleKey.generate()
        var account = try OlmAccount()
        try account.generateOneTimeKeys(5)
        try account.generateFallbackKey()
        account.markKeysAsPublished()
        try account.generateFallbackKey()  // the first becomes the previous fallback key
        try account.generateOneTimeKeys(2)
        let fallbackKeys = try account.signedFallbackKeys(userID: "@a:x", deviceID: "D")
        let blob = try SealedPickle.seal(account, key: key)
        #expect(try SealedPickle.header(of: blob) == (kind: "olm.account", version: 1))
        var restored = try SealedPickle.open(OlmAccount.self, from: blob, key: key)

        #expect(restored.curve25519Key == account.curve25519Key)
        #expect(restored.ed25519Key == account.ed25519Key)
        #expect(restored.storedOneTimeKeyCount == 7)
        #expect(restored.unpublishedOneTimeKeys == account.unpublishedOneTimeKeys)
        #expect(restored.unpublishedFallbackKey == account.unpublishedFallbackKey)
        // Ed25519 is deterministic: the same seed gives the same signatures.
        #expect(
            try restored.deviceKeys(userID: "@a:x", deviceID: "D") == account.deviceKeys(userID: "@a:x", deviceID: "D"))
        #expect(try restored.signedFallbackKeys(userID: "@a:x", deviceID: "D") == fallbackKeys)
        // New key ids continue after the old ones instead of reusing them.
        try restored.generateOneTimeKeys(1)
        #expect(Set(restored.unpublishedOneTimeKeys.keys).isSuperset(of: account.unpublishedOneTimeKeys.keys))
        #expect(restored.unpublishedOneTimeKeys.count == 3)

        // The private keys came back too: the restored account answers a pre-key message to a one-time
        // key made before the snapshot.
        let alice = try OlmAccount()
        let theirKey = try #require(account.unpublishedOneTimeKeys.values.first)
        var outbound = try alice.createOutboundSession(
            theirIdentityKey: restored.curve25519Key, theirOneTimeKey: theirKey)
        guard case .preKey(let message) = try outbound.encrypt(Array("to a stored key".utf8)) else {
            Issue.record("expected a pre-key message")
            return
        }
        let (_, plaintext) = try restored.createInboundSession(theirIdentityKey: alice.curve25519Key, message: message)
        #expect(text(plaintext) == "to a stored key")
    }

    @Test func previousFallbackKeyStillWorksAfterARestore() throws {
        let key = PickleKey.generate()
        var bob = try OlmAccount()
        let previous = try bob.generateFallbackKey()
        try bob.generateFallbackKey()
        var restored = try SealedPickle.open(OlmAccount.self, from: SealedPickle.seal(bob, key: key), key: key)
        let alice = try OlmAccount()
        var outbound = try alice.createOutboundSession(theirIdentityKey: bob.curve25519Key, theirOneTimeKey: previous)
        guard case .preKey(let message) = try outbound.encrypt(Array("old fallback".utf8)) else {
            Issue.record("expected a pre-key message")
            return
        }
        #expect(
            text(try restored.createInboundSession(theirIdentityKey: nil, message: message).plaintext) == "old fallback"
        )
    }

    /// A session with a real peer is sealed mid-conversation (with messages in flight both ways),
    /// restored, and the conversation continues: in-flight messages, new ratchet steps, both directions.
    @Test(arguments: olmBackends)
    func restoredSessionContinuesWithAPeer(backend: String) async throws {
        try await PythonPeer.with(script: "peers/olm_peer.py") { peer in
            let them = try await OlmPeerAccount(peer: peer, backend: backend)
            var account = try OlmAccount()
            try account.generateOneTimeKeys(1)
            let otk = try #require(account.unpublishedOneTimeKeys.values.first)
            account.markKeysAsPublished()
            let created = try await peer.call([
                "op": "create_outbound", "account": them.handle, "identity_key": account.curve25519Key.base64,
                "one_time_key": otk.base64,
            ])
            let session = try #require(created["session"] as? Int)
            guard case .preKey(let first) = try await them.encrypt(session, "hello") else {
                Issue.record("expected a pre-key message")
                return
            }
            var (ours, _) = try account.createInboundSession(theirIdentityKey: them.curve25519, message: first)
            let hi = try ours.encrypt(Array("hi".utf8))
            #expect(try await them.decrypt(session, hi) == "hi")
            let theirsInFlight = try await them.encrypt(session, "in flight to us")
            let oursInFlight = try ours.encrypt(Array("in flight to them".utf8))

            let key = PickleKey.generate()
            let blob = try SealedPickle.seal(ours, key: key)
            #expect(try SealedPickle.header(of: blob) == (kind: "olm.session", version: 1))
            var restored = try SealedPickle.open(OlmSession.self, from: blob, key: key)
            #expect(restored.sessionID == created["session_id"] as? String)

            #expect(text(try restored.decrypt(theirsInFlight)) == "in flight to us")
            #expect(try await them.decrypt(session, oursInFlight) == "in flight to them")
            for turn in 0..<3 {
                let outgoing = try restored.encrypt(Array("us \(turn)".utf8))
                #expect(try await them.decrypt(session, outgoing) == "us \(turn)")
                let incoming = try await them.encrypt(session, "them \(turn)")
                #expect(text(try restored.decrypt(incoming)) == "them \(turn)")
            }
        }
    }

    @Test func wrongKeyTamperingAndWrongKindAreTypedErrors() throws {
        let key = PickleKey.generate()
        var pair = try OlmTestPair()
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        let sessionBlob = try SealedPickle.seal(pair.alice, key: key)
        let accountBlob = try SealedPickle.seal(try OlmAccount(), key: key)

        #expect(throws: PickleError.wrongKeyOrTampered(kind: "olm.session")) {
            try SealedPickle.open(OlmSession.self, from: sessionBlob, key: PickleKey.generate())
        }
        #expect(throws: PickleError.wrongKeyOrTampered(kind: "olm.account")) {
            try SealedPickle.open(OlmAccount.self, from: accountBlob, key: PickleKey.generate())
        }
        for position in [sessionBlob.count / 2, sessionBlob.count - 1] {
            var tampered = sessionBlob
            tampered[position] ^= 0x04
            #expect(throws: PickleError.wrongKeyOrTampered(kind: "olm.session")) {
                try SealedPickle.open(OlmSession.self, from: tampered, key: key)
            }
        }
        #expect(throws: PickleError.wrongKind(expected: "olm.account", found: "olm.session")) {
            try SealedPickle.open(OlmAccount.self, from: sessionBlob, key: key)
        }
        // Neither blob shows a secret in clear: the identity key's public half is not even visible.
        let publicKey = try SealedPickle.open(OlmAccount.self, from: accountBlob, key: key).curve25519Key.base64
        #expect(!String(decoding: accountBlob, as: UTF8.self).contains(publicKey))
        // The untouched blob still opens and the session still works.
        var alice = try SealedPickle.open(OlmSession.self, from: sessionBlob, key: key)
        #expect(text(try pair.bob.decrypt(alice.encrypt(Array("after".utf8)))) == "after")
    }
}
