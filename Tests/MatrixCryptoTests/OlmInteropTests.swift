/// Olm interop both ways with vodozemac and libolm (python-olm), driven through scripts/peers/olm_peer.py.
import Foundation
import MatrixCrypto
import Shared
import TestSupport
import Testing

/// The peer's Olm backends.
let olmBackends = ["vodozemac", "olm"]

/// One Python peer account and helpers to talk to it.
struct OlmPeerAccount {
    let peer: PythonPeer
    let backend: String
    let handle: Int
    let curve25519: Curve25519PublicKey
    let ed25519: Ed25519PublicKey

    init(peer: PythonPeer, backend: String) async throws {
        let reply = try await peer.call(["op": "new_account", "backend": backend])
        self.peer = peer
        self.backend = backend
        handle = try #require(reply["account"] as? Int)
        curve25519 = try #require((reply["curve25519"] as? String).flatMap(Curve25519PublicKey.init(base64:)))
        ed25519 = try #require((reply["ed25519"] as? String).flatMap(Ed25519PublicKey.init(base64:)))
    }

    func encrypt(_ session: Int, _ text: String) async throws -> OlmMessage {
        let reply = try await peer.call(["op": "encrypt", "session": session, "plaintext": text])
        let type = try #require(reply["type"] as? Int)
        return try OlmMessage(type: type, body: #require(reply["body"] as? String))
    }

    func decrypt(_ session: Int, _ message: OlmMessage) async throws -> String {
        let reply = try await peer.call([
            "op": "decrypt", "session": session, "type": message.messageType, "body": message.body,
        ])
        return try #require(reply["plaintext"] as? String)
    }

    /// A JSON value as the Foundation object `PythonPeer` sends.
    static func json(_ value: JSONValue) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
    }
}

@Suite struct OlmInteropTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Several turns both ways (each turn is a ratchet step), then out-of-order delivery each way and a
    /// tampered message that we reject while the session stays usable.
    func converse(ours: inout OlmSession, them: OlmPeerAccount, session: Int) async throws {
        for turn in 0..<4 {
            for n in 0..<2 {
                let ciphertext = try ours.encrypt(Array("us \(turn).\(n)".utf8))
                #expect(try await them.decrypt(session, ciphertext) == "us \(turn).\(n)")
            }
            for n in 0..<3 {
                let ciphertext = try await them.encrypt(session, "them \(turn).\(n)")
                #expect(text(try ours.decrypt(ciphertext)) == "them \(turn).\(n)")
            }
        }
        var theirs: [OlmMessage] = []
        for n in 0..<6 { theirs.append(try await them.encrypt(session, "late \(n)")) }
        for index in [5, 0, 3, 1, 4, 2] { #expect(text(try ours.decrypt(theirs[index])) == "late \(index)") }
        let mine = try (0..<4).map { try ours.encrypt(Array("ooo \($0)".utf8)) }
        for index in [3, 0, 2, 1] { #expect(try await them.decrypt(session, mine[index]) == "ooo \(index)") }

        let genuine = try await them.encrypt(session, "genuine")
        var tampered = genuine.bytes
        tampered[tampered.count - 3] ^= 0x80
        #expect(throws: OlmError.badMAC) {
            try ours.decrypt(OlmMessage(type: genuine.messageType, body: UnpaddedBase64.encode(tampered)))
        }
        #expect(text(try ours.decrypt(genuine)) == "genuine")
        let stillFine = try ours.encrypt(Array("still fine".utf8))
        #expect(try await them.decrypt(session, stillFine) == "still fine")
    }

    @Test(arguments: olmBackends, [false, true])
    func theyStartASessionWithUs(backend: String, useFallbackKey: Bool) async throws {
        try await PythonPeer.with(script: "peers/olm_peer.py") { peer in
            let them = try await OlmPeerAccount(peer: peer, backend: backend)
            var account = try OlmAccount()
            let key: Curve25519PublicKey
            if useFallbackKey {
                key = try account.generateFallbackKey()
            } else {
                try account.generateOneTimeKeys(3)
                key = try #require(account.unpublishedOneTimeKeys.values.first)
            }
            account.markKeysAsPublished()
            let created = try await peer.call([
                "op": "create_outbound", "account": them.handle, "identity_key": account.curve25519Key.base64,
                "one_time_key": key.base64,
            ])
            let session = try #require(created["session"] as? Int)
            let first = try await them.encrypt(session, "hello from \(backend)")
            guard case .preKey(let preKey) = first else { Issue.record("expected a pre-key message"); return }
            var (ours, plaintext) = try account.createInboundSession(theirIdentityKey: them.curve25519, message: preKey)
            #expect(text(plaintext) == "hello from \(backend)")
            #expect(ours.sessionID == created["session_id"] as? String)
            #expect(account.storedOneTimeKeyCount == (useFallbackKey ? 0 : 2))
            // A second pre-key message before we reply still belongs to the same session.
            guard case .preKey(let again) = try await them.encrypt(session, "again") else {
                Issue.record("expected a pre-key message"); return
            }
            #expect(ours.matches(preKeyMessage: again))
            #expect(text(try ours.decrypt(.preKey(again))) == "again")
            try await converse(ours: &ours, them: them, session: session)
        }
    }

    @Test(arguments: olmBackends)
    func weStartASessionWithThem(backend: String) async throws {
        try await PythonPeer.with(script: "peers/olm_peer.py") { peer in
            let them = try await OlmPeerAccount(peer: peer, backend: backend)
            let generated = try await peer.call(["op": "generate_one_time_keys", "account": them.handle, "count": 2])
            let keys = try #require(generated["keys"] as? [String: String])
            let otk = try #require(keys.values.first.flatMap(Curve25519PublicKey.init(base64:)))
            var ours = try OlmAccount().createOutboundSession(theirIdentityKey: them.curve25519, theirOneTimeKey: otk)
            let first = try ours.encrypt(Array("hello from swift".utf8))
            #expect(first.messageType == 0)
            let created = try await peer.call([
                "op": "create_inbound", "account": them.handle, "identity_key": ourIdentity(of: first),
                "body": first.body,
            ])
            #expect(created["plaintext"] as? String == "hello from swift")
            #expect(created["session_id"] as? String == ours.sessionID)
            let session = try #require(created["session"] as? Int)
            try await converse(ours: &ours, them: them, session: session)
        }
    }

    /// The sender identity key carried in our pre-key message.
    func ourIdentity(of message: OlmMessage) throws -> String {
        guard case .preKey(let preKey) = message else { throw OlmError.sessionMismatch }
        return preKey.identityKey.base64
    }

    @Test(arguments: olmBackends)
    func signedKeysAreVerifiedByEachSide(backend: String) async throws {
        try await PythonPeer.with(script: "peers/olm_peer.py") { peer in
            // Ours, verified by them (their own canonical JSON and Ed25519 verification).
            var account = try OlmAccount()
            try account.generateOneTimeKeys(2)
            try account.generateFallbackKey()
            let user = "@bot:example.org", device = "PRXBOT", keyID = "ed25519:PRXBOT"
            var signed = try [account.deviceKeys(userID: user, deviceID: device)]
            signed += try account.signedOneTimeKeys(userID: user, deviceID: device).values
            signed += try account.signedFallbackKeys(userID: user, deviceID: device).values
            #expect(signed.count == 4)
            for object in signed {
                let reply = try await peer.call([
                    "op": "verify_json", "backend": backend, "object": OlmPeerAccount.json(object), "user_id": user,
                    "key_id": keyID, "key": account.ed25519Key.base64,
                ])
                #expect(reply["valid"] as? Bool == true)
            }
            // A changed object is refused by them too.
            guard case .object(var altered) = signed[0] else { Issue.record("not an object"); return }
            altered["device_id"] = .string("OTHER")
            let refused = try await peer.call([
                "op": "verify_json", "backend": backend, "object": OlmPeerAccount.json(.object(altered)),
                "user_id": user,
                "key_id": keyID, "key": account.ed25519Key.base64,
            ])
            #expect(refused["valid"] as? Bool == false)

            // Theirs, verified by us.
            let them = try await OlmPeerAccount(peer: peer, backend: backend)
            let deviceKeys: [String: Any] = [
                "algorithms": OlmAccount.algorithms, "device_id": "PEER", "user_id": "@peer:example.org",
                "keys": ["curve25519:PEER": them.curve25519.base64, "ed25519:PEER": them.ed25519.base64],
            ]
            let reply = try await peer.call([
                "op": "sign_json", "account": them.handle, "object": deviceKeys, "user_id": "@peer:example.org",
                "device_id": "PEER",
            ])
            let theirObject = try #require(reply["object"])
            let theirDevice = try DeviceKeys(
                verifying: JSONValue(parsing: JSONSerialization.data(withJSONObject: theirObject)),
                userID: "@peer:example.org", deviceID: "PEER")
            #expect(theirDevice.curve25519Key == them.curve25519)
            #expect(theirDevice.ed25519Key == them.ed25519)
            let generated = try await peer.call(["op": "generate_one_time_keys", "account": them.handle, "count": 1])
            let keys = try #require(generated["keys"] as? [String: String])
            let otk = try #require(keys.values.first)
            let signedOTK = try await peer.call([
                "op": "sign_json", "account": them.handle, "object": ["key": otk], "user_id": "@peer:example.org",
                "device_id": "PEER",
            ])
            let otkObject = try #require(signedOTK["object"])
            let verified = try theirDevice.verifyOneTimeKey(
                JSONValue(parsing: JSONSerialization.data(withJSONObject: otkObject)))
            #expect(verified.base64 == otk)
        }
    }
}
