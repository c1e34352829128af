/// Issue 5's safety properties for Olm sessions: no message key is ever used twice (sending or
/// receiving), and a decryption that fails, on whichever path, leaves the session state untouched.
import Foundation
import MatrixCrypto
import Testing

@Suite struct OlmSafetyTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The session's snapshot with sorted keys: equal states give equal bytes (secrets included).
    func snapshot(_ session: OlmSession) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(session)
    }

    /// The normal message inside any Olm message.
    func normal(_ message: OlmMessage) -> OlmNormalMessage {
        switch message {
        case .normal(let normal): normal
        case .preKey(let preKey): preKey.message
        }
    }

    @Test func sendingNeverRepeatsAMessageKey() throws {
        var pair = try OlmTestPair()
        var sent: [OlmNormalMessage] = []
        var ratchetKeys: [Curve25519PublicKey] = []
        for _ in 0..<5 {
            let fromAlice = try (0..<4).map { _ in try pair.alice.encrypt(Array("same".utf8)) }
            for message in fromAlice { _ = try pair.bob.decrypt(message) }
            let fromBob = try (0..<4).map { _ in try pair.bob.encrypt(Array("same".utf8)) }
            for message in fromBob { _ = try pair.alice.decrypt(message) }
            sent += (fromAlice + fromBob).map(normal)
            ratchetKeys += [normal(fromAlice[0]).ratchetKey, normal(fromBob[0]).ratchetKey]
        }
        // Every turn starts a new sending chain with a ratchet key never used before ...
        #expect(Set(ratchetKeys).count == ratchetKeys.count)
        // ... so (ratchet key, chain index), which names the message key, never repeats,
        struct KeyName: Hashable {
            let ratchetKey: Curve25519PublicKey
            let index: UInt64
        }
        #expect(Set(sent.map { KeyName(ratchetKey: $0.ratchetKey, index: $0.chainIndex) }).count == sent.count)
        // ... and equal plaintexts never give equal ciphertexts (different AES key and IV each time).
        #expect(Set(sent.map(\.ciphertext)).count == sent.count)
    }

    @Test func aMessageKeyIsUsedOnceOnReceipt() throws {
        var pair = try OlmTestPair()
        var bobAccount = try OlmAccount()
        try bobAccount.generateOneTimeKeys(1)
        let otk = try #require(bobAccount.unpublishedOneTimeKeys.values.first)
        let aliceAccount = try OlmAccount()
        var alice = try aliceAccount.createOutboundSession(
            theirIdentityKey: bobAccount.curve25519Key, theirOneTimeKey: otk)
        let first = try alice.encrypt(Array("first".utf8))
        guard case .preKey(let preKey) = first else {
            Issue.record("expected a pre-key message")
            return
        }
        var (bob, _) = try bobAccount.createInboundSession(theirIdentityKey: nil, message: preKey)
        // The pre-key message again: its one-time key is gone from the account, its message key from the session.
        #expect(throws: OlmError.unknownOneTimeKey(otk)) {
            try bobAccount.createInboundSession(theirIdentityKey: nil, message: preKey)
        }
        #expect(throws: OlmError.missingMessageKey(chainIndex: 0)) { try bob.decrypt(first) }

        // In order, out of order, on an old chain: the second decryption of a message always fails.
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        let messages = try (0..<3).map { try pair.alice.encrypt(Array("m\($0)".utf8)) }
        for index in [0, 2, 1] {
            #expect(text(try pair.bob.decrypt(messages[index])) == "m\(index)")
            let before = try snapshot(pair.bob)
            #expect(throws: OlmError.missingMessageKey(chainIndex: UInt64(index))) {
                try pair.bob.decrypt(messages[index])
            }
            #expect(try snapshot(pair.bob) == before)
        }
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("step".utf8)))
        _ = try pair.bob.decrypt(pair.alice.encrypt(Array("new chain".utf8)))
        #expect(throws: OlmError.missingMessageKey(chainIndex: 1)) { try pair.bob.decrypt(messages[1]) }
    }

    @Test func failedDecryptionOnEveryPathLeavesTheSessionUntouched() throws {
        var pair = try OlmTestPair()
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        let messages = try (0..<4).map { try pair.alice.encrypt(Array("m\($0)".utf8)) }

        /// Decrypting a copy of `message` with one bit flipped in its MAC fails with `error`, changing nothing.
        func rejectUnchanged(_ message: OlmMessage, _ error: OlmError) throws {
            var bytes = normal(message).bytes
            bytes[bytes.count - 1] ^= 0x01
            let before = try snapshot(pair.bob)
            #expect(throws: error) { try pair.bob.decrypt(OlmMessage.normal(OlmNormalMessage(decoding: bytes))) }
            #expect(try snapshot(pair.bob) == before)
        }
        // A new ratchet key (root-key step, new receiving chain) with a bad MAC.
        try rejectUnchanged(messages[2], .badMAC)
        #expect(text(try pair.bob.decrypt(messages[2])) == "m2")
        // A skipped key with a bad MAC: the key stays for the genuine message.
        try rejectUnchanged(messages[0], .badMAC)
        #expect(text(try pair.bob.decrypt(messages[0])) == "m0")
        // Forwards on a known chain with a bad MAC.
        try rejectUnchanged(messages[3], .badMAC)
        #expect(text(try pair.bob.decrypt(messages[3])) == "m3")

        // A gap beyond the limit.
        var far: OlmMessage?
        for n in 0...(OlmSession.maxMessageGap + 1) { far = try pair.alice.encrypt(Array("f\(n)".utf8)) }
        let before = try snapshot(pair.bob)
        #expect(throws: OlmError.messageGapTooLarge(gap: OlmSession.maxMessageGap + 1, limit: OlmSession.maxMessageGap))
        {
            try pair.bob.decrypt(#require(far))
        }
        #expect(try snapshot(pair.bob) == before)
        #expect(text(try pair.bob.decrypt(messages[1])) == "m1")

        // A pre-key message of another session.
        var other = try OlmTestPair()
        let foreign = try other.alice.encrypt(Array("x".utf8))
        let beforeForeign = try snapshot(pair.bob)
        #expect(throws: OlmError.sessionMismatch) { try pair.bob.decrypt(foreign) }
        #expect(try snapshot(pair.bob) == beforeForeign)
    }
}
