/// OlmSession between two Swift accounts: ratchet steps, pre-key handling, out-of-order delivery and its
/// bounds, tampering, replay, snapshots, and the Olm event and payload types.
import Foundation
import MatrixCrypto
import Shared
import Testing

/// Alice with an outbound session to Bob, and Bob with the inbound session from her first message.
struct OlmTestPair {
    var alice: OlmSession
    var bob: OlmSession

    init() throws {
        var bobAccount = try OlmAccount()
        try bobAccount.generateOneTimeKeys(1)
        let otk = try #require(bobAccount.unpublishedOneTimeKeys.values.first)
        let aliceAccount = try OlmAccount()
        alice = try aliceAccount.createOutboundSession(theirIdentityKey: bobAccount.curve25519Key, theirOneTimeKey: otk)
        guard case .preKey(let first) = try alice.encrypt(Array("first".utf8)) else {
            throw OlmError.missingOrInvalidField(field: "expected a pre-key message")
        }
        (bob, _) = try bobAccount.createInboundSession(theirIdentityKey: aliceAccount.curve25519Key, message: first)
    }
}

@Suite struct OlmSessionTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The session's snapshot with sorted keys, so that two equal states compare equal.
    func snapshot(_ session: OlmSession) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(session)
    }

    @Test func severalTurnsBothWaysWithRatchetSteps() throws {
        var pair = try OlmTestPair()
        #expect(pair.alice.sessionID == pair.bob.sessionID)
        // Alice keeps sending pre-key messages until she hears from Bob.
        let second = try pair.alice.encrypt(Array("second".utf8))
        #expect(second.messageType == 0)
        #expect(text(try pair.bob.decrypt(second)) == "second")
        for turn in 0..<6 {
            for n in 0..<3 {
                let fromBob = try pair.bob.encrypt(Array("bob \(turn).\(n)".utf8))
                #expect(fromBob.messageType == 1)
                #expect(text(try pair.alice.decrypt(fromBob)) == "bob \(turn).\(n)")
            }
            let fromAlice = try pair.alice.encrypt(Array("alice \(turn)".utf8))
            #expect(fromAlice.messageType == 1)
            #expect(text(try pair.bob.decrypt(fromAlice)) == "alice \(turn)")
        }
    }

    @Test func outOfOrderAndSkippedMessagesWithinBounds() throws {
        var pair = try OlmTestPair()
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        let messages = try (0..<10).map { try pair.alice.encrypt(Array("m\($0)".utf8)) }
        for index in [9, 0, 5, 1, 8, 2, 7, 3, 6, 4] {
            #expect(text(try pair.bob.decrypt(messages[index])) == "m\(index)")
        }
        // A message key is never used twice.
        #expect(throws: OlmError.missingMessageKey(chainIndex: 4)) { try pair.bob.decrypt(messages[4]) }
        // Messages from an older chain still decrypt after a ratchet step.
        let old = try pair.alice.encrypt(Array("old chain".utf8))
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("step".utf8)))
        let new = try pair.alice.encrypt(Array("new chain".utf8))
        #expect(text(try pair.bob.decrypt(new)) == "new chain")
        #expect(text(try pair.bob.decrypt(old)) == "old chain")
    }

    @Test func skippedKeysAreBoundedPerChain() throws {
        var pair = try OlmTestPair()
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        let count = OlmSession.maxSkippedKeysPerChain + 2
        let messages = try (0..<count).map { try pair.alice.encrypt(Array("m\($0)".utf8)) }
        #expect(text(try pair.bob.decrypt(messages[count - 1])) == "m\(count - 1)")
        // Only the 40 most recent skipped keys are kept: indexes 0 is dropped, 1 is kept.
        #expect(throws: OlmError.missingMessageKey(chainIndex: 0)) { try pair.bob.decrypt(messages[0]) }
        #expect(text(try pair.bob.decrypt(messages[1])) == "m1")
    }

    @Test func aGapBeyondTheLimitIsRejected() throws {
        var pair = try OlmTestPair()
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        var last: OlmMessage?
        for n in 0...(OlmSession.maxMessageGap + 1) { last = try pair.alice.encrypt(Array("m\(n)".utf8)) }
        #expect(throws: OlmError.messageGapTooLarge(gap: OlmSession.maxMessageGap + 1, limit: OlmSession.maxMessageGap))
        {
            try pair.bob.decrypt(#require(last))
        }
    }

    @Test func tamperedMessagesAreRejectedAndLeaveTheSessionUsable() throws {
        var pair = try OlmTestPair()
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        let message = try pair.alice.encrypt(Array("secret".utf8))
        let bytes = message.bytes
        let before = try snapshot(pair.bob)
        for position in [bytes.count - 1, bytes.count - 12, 40] {
            var tampered = bytes
            tampered[position] ^= 0x01
            #expect(throws: OlmError.self) {
                try pair.bob.decrypt(OlmMessage(type: 1, body: UnpaddedBase64.encode(tampered)))
            }
        }
        var badVersion = bytes
        badVersion[0] = 0x02
        #expect(throws: OlmError.unsupportedVersion(2)) {
            try pair.bob.decrypt(OlmMessage(type: 1, body: UnpaddedBase64.encode(badVersion)))
        }
        #expect(throws: OlmError.truncated(what: "MAC")) {
            try pair.bob.decrypt(OlmMessage(type: 1, body: UnpaddedBase64.encode(Array(bytes.prefix(5)))))
        }
        #expect(try snapshot(pair.bob) == before)
        #expect(text(try pair.bob.decrypt(message)) == "secret")
    }

    @Test func preKeyMessagesMatchOnlyTheirSession() throws {
        var pair = try OlmTestPair()
        var other = try OlmTestPair()
        guard case .preKey(let mine) = try pair.alice.encrypt(Array("again".utf8)),
            case .preKey(let theirs) = try other.alice.encrypt(Array("x".utf8))
        else { Issue.record("expected pre-key messages"); return }
        #expect(pair.bob.matches(preKeyMessage: mine))
        #expect(!pair.bob.matches(preKeyMessage: theirs))
        #expect(throws: OlmError.sessionMismatch) { try pair.bob.decrypt(.preKey(theirs)) }
        #expect(text(try pair.bob.decrypt(.preKey(mine))) == "again")
    }

    @Test func snapshotRestoresAWorkingSession() throws {
        var pair = try OlmTestPair()
        _ = try pair.alice.decrypt(pair.bob.encrypt(Array("ack".utf8)))
        let pending = try pair.alice.encrypt(Array("pending".utf8))
        var restored = try JSONDecoder().decode(OlmSession.self, from: JSONEncoder().encode(pair.bob))
        #expect(restored.sessionID == pair.bob.sessionID)
        #expect(text(try restored.decrypt(pending)) == "pending")
        #expect(text(try pair.alice.decrypt(restored.encrypt(Array("back".utf8)))) == "back")
    }

    @Test func eventContentAndPayloadChecks() throws {
        var pair = try OlmTestPair()
        let alice = try OlmAccount()
        let bob = try OlmAccount()
        let payload = OlmPayload(
            type: "m.room_key", content: .object(["session_id": .string("s")]), sender: "@alice:x",
            senderKey: alice.ed25519Key, recipient: "@bob:x", recipientKey: bob.ed25519Key)
        let message = try pair.alice.encrypt(JSONEncoder().encode(payload))
        let content = OlmEncryptedContent(senderKey: alice.curve25519Key, ciphertext: [bob.curve25519Key: message])
        let wire = try JSONValue(encoding: content)
        #expect(wire["algorithm"] == .string("m.olm.v1.curve25519-aes-sha2"))
        #expect(wire["sender_key"] == .string(alice.curve25519Key.base64))
        #expect(wire["ciphertext"]?[bob.curve25519Key.base64]?["type"] == .int(0))

        let received = try wire.decode(as: OlmEncryptedContent.self)
        let ciphertext = try #require(received.ciphertext[bob.curve25519Key.base64])
        let decoded = try JSONDecoder().decode(OlmPayload.self, from: Data(pair.bob.decrypt(ciphertext.message())))
        #expect(decoded == payload)
        try decoded.check(
            eventSender: "@alice:x", ourUserID: "@bob:x", ourEd25519Key: bob.ed25519Key,
            senderDeviceEd25519Key: alice.ed25519Key)
        #expect(throws: OlmPayloadError.senderMismatch(eventSender: "@eve:x", payloadSender: "@alice:x")) {
            try decoded.check(
                eventSender: "@eve:x", ourUserID: "@bob:x", ourEd25519Key: bob.ed25519Key, senderDeviceEd25519Key: nil)
        }
        #expect(throws: OlmPayloadError.recipientMismatch(ourUserID: "@carol:x", payloadRecipient: "@bob:x")) {
            try decoded.check(
                eventSender: "@alice:x", ourUserID: "@carol:x", ourEd25519Key: bob.ed25519Key,
                senderDeviceEd25519Key: nil)
        }
        #expect(
            throws: OlmPayloadError.recipientKeyMismatch(ours: alice.ed25519Key.base64, payload: bob.ed25519Key.base64)
        ) {
            try decoded.check(
                eventSender: "@alice:x", ourUserID: "@bob:x", ourEd25519Key: alice.ed25519Key,
                senderDeviceEd25519Key: nil)
        }
        #expect(
            throws: OlmPayloadError.senderKeyMismatch(known: bob.ed25519Key.base64, payload: alice.ed25519Key.base64)
        ) {
            try decoded.check(
                eventSender: "@alice:x", ourUserID: "@bob:x", ourEd25519Key: bob.ed25519Key,
                senderDeviceEd25519Key: bob.ed25519Key)
        }
    }
}
