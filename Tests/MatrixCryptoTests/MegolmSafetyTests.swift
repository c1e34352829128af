/// Issue 5's safety properties for Megolm sessions: the outbound side never reuses an index (not even
/// at the end of the ratchet), and a failed decryption leaves an inbound session exactly as it was.
import Foundation
@testable import MatrixCrypto
import Testing

@Suite("Megolm safety")
struct MegolmSafetyTests {
    /// Everything an inbound session's state consists of, to compare before and after a failure.
    func state(_ session: InboundGroupSession) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return [UInt8](try encoder.encode(session))
    }

    @Test("Failed decryptions (unknown index, signature, MAC, ciphertext) leave the inbound session untouched")
    func failuresLeaveInboundUntouched() throws {
        var outbound = try OutboundGroupSession()
        for _ in 0..<5 { _ = try outbound.encrypt([0]) }
        var inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
        let signer = outbound.signingKey

        /// `message` fails with `error` and changes nothing (ratchets, first known index, exports).
        func rejectUnchanged(_ message: MegolmMessage, _ error: MegolmError) throws {
            let before = try state(inbound)
            let export = try inbound.export(at: inbound.firstKnownIndex).base64
            #expect(throws: error) { try inbound.decrypt(message) }
            #expect(try state(inbound) == before)
            #expect(try inbound.export(at: inbound.firstKnownIndex).base64 == export)
        }
        // Before the first known index: unknown, whoever signed it.
        let early = try MegolmMessage(
            index: 2, ciphertext: [UInt8](repeating: 1, count: 16), hmacKey: [UInt8](repeating: 1, count: 32),
            signingKey: signer)
        try rejectUnchanged(early, .unknownMessageIndex(firstKnown: 5, got: 2))
        // Signed by another session.
        var stranger = try OutboundGroupSession()
        for _ in 0..<5 { _ = try stranger.encrypt([0]) }
        try rejectUnchanged(try stranger.encrypt(Array("x".utf8)), .badSignature(what: "Megolm message at index 5"))
        // Far ahead (the ratchet would move 300 steps), validly signed, wrong MAC: the cache does not move.
        let farBadMAC = try MegolmMessage(
            index: 300, ciphertext: [UInt8](repeating: 7, count: 16), hmacKey: [UInt8](repeating: 1, count: 32),
            signingKey: signer)
        try rejectUnchanged(farBadMAC, .badMAC(index: 300))
        // Right MAC, ciphertext that is not a whole number of AES blocks.
        var ahead = outbound.ratchet
        try ahead.advance(to: 7)
        let keys = ahead.messageKeys()
        let badCiphertext = try MegolmMessage(
            index: 7, ciphertext: [UInt8](repeating: 3, count: 5), hmacKey: keys.hmacKey, signingKey: signer)
        try rejectUnchanged(badCiphertext, .badCiphertext(index: 7))

        // The session still decrypts what it should, from where it was.
        let real = try outbound.encrypt(Array("real".utf8))
        #expect(try inbound.decrypt(real) == MegolmDecrypted(plaintext: Array("real".utf8), index: 5))
    }

    @Test("The outbound session stops at the end of the ratchet instead of reusing an index")
    func exhaustedOutboundRefuses() throws {
        let seed = SecretBytes.random(count: 32)
        var outbound = try OutboundGroupSession(
            ratchet: MegolmRatchet(index: UInt32.max - 1, value: .random(count: MegolmRatchet.length)),
            signingSeed: seed)
        let last = try outbound.encrypt(Array("last".utf8))
        #expect(last.index == UInt32.max - 1)
        #expect(outbound.messageIndex == UInt32.max)
        #expect(throws: MegolmError.ratchetExhausted) { try outbound.encrypt(Array("one more".utf8)) }
        #expect(outbound.messageIndex == UInt32.max)
    }

    @Test("A sealed and restored outbound session continues at the next index, never an old one")
    func restoredOutboundContinues() throws {
        let key = PickleKey.generate()
        var outbound = try OutboundGroupSession()
        let before = try (0..<3).map { _ in try outbound.encrypt(Array("same".utf8)) }
        var restored = try SealedPickle.open(
            OutboundGroupSession.self, from: SealedPickle.seal(outbound, key: key), key: key)
        let after = try (0..<3).map { _ in try restored.encrypt(Array("same".utf8)) }
        #expect((before + after).map(\.index) == [0, 1, 2, 3, 4, 5])
        #expect(Set((before + after).map(\.ciphertext)).count == 6)
    }
}
