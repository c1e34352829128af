/// Megolm sessions end to end in Swift: encrypt/decrypt at many indexes, session keys, exports,
/// first known index, tampering (typed errors, session untouched), the event content and replay guard.
import Foundation
@testable import MatrixCrypto
import Testing

@Suite("Megolm sessions")
struct MegolmSessionTests {
    @Test("Session ids agree, messages decrypt in and out of order at their own index")
    func roundTrip() throws {
        var outbound = try OutboundGroupSession()
        var inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
        #expect(inbound.sessionId == outbound.sessionId)
        #expect(inbound.isVerified)
        var messages: [MegolmMessage] = []
        for i in 0..<300 { messages.append(try outbound.encrypt(Array("message \(i)".utf8))) }
        #expect(outbound.messageIndex == 300)
        for i in [0, 1, 299, 2, 256, 255, 1, 0] {
            let decrypted = try inbound.decrypt(base64: messages[i].base64)
            #expect(decrypted.index == UInt32(i))
            #expect(decrypted.plaintext == Array("message \(i)".utf8))
        }
        #expect(inbound.firstKnownIndex == 0)
    }

    @Test("A session key taken later starts there; earlier messages are unknownMessageIndex")
    func laterSessionKey() throws {
        var outbound = try OutboundGroupSession()
        let early = try outbound.encrypt(Array("early".utf8))
        for _ in 0..<9 { _ = try outbound.encrypt([1]) }
        let key = try outbound.sessionKey()
        #expect(key.ratchet.index == 10)
        var inbound = InboundGroupSession(key: key)
        let late = try outbound.encrypt(Array("late".utf8))
        #expect(try inbound.decrypt(late).plaintext == Array("late".utf8))
        #expect(throws: MegolmError.unknownMessageIndex(firstKnown: 10, got: 0)) { try inbound.decrypt(early) }
    }

    @Test("Export at k: v1, unsigned, first known index k, decrypts k and later only")
    func exportAtIndex() throws {
        var outbound = try OutboundGroupSession()
        let original = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
        let messages = try (0..<20).map { i in try outbound.encrypt(Array("m\(i)".utf8)) }
        let export = try original.export(at: 7)
        #expect(export.format == .export)
        #expect(export.bytes.count == 165)
        #expect(export.bytes.first == 1)
        var imported = try InboundGroupSession(exportedKey: export.base64)
        #expect(!imported.isVerified)
        #expect(imported.firstKnownIndex == 7)
        #expect(imported.sessionId == outbound.sessionId)
        #expect(try imported.decrypt(messages[7]).plaintext == Array("m7".utf8))
        #expect(try imported.decrypt(messages[19]).plaintext == Array("m19".utf8))
        #expect(throws: MegolmError.unknownMessageIndex(firstKnown: 7, got: 6)) { try imported.decrypt(messages[6]) }
        #expect(throws: MegolmError.unknownMessageIndex(firstKnown: 7, got: 3)) { try imported.export(at: 3) }
        #expect(try imported.export(at: 7) == export)
    }

    @Test("Session key v2 is 229 bytes, signed; a flipped bit, wrong version or length is a typed error")
    func sessionKeyTampering() throws {
        let key = try OutboundGroupSession().sessionKey()
        let bytes = key.bytes
        #expect(bytes.count == 229)
        #expect(bytes.first == 2)
        #expect(try MegolmSessionKey(bytes: bytes, format: .sharing) == key)
        for position in [3, 40, 140, 200] {
            var tampered = bytes
            tampered[position] ^= 0x04
            #expect(throws: MegolmError.badSignature(what: "Megolm session key (v2)")) {
                try MegolmSessionKey(bytes: tampered, format: .sharing)
            }
        }
        var wrongVersion = bytes
        wrongVersion[0] = 3
        #expect(throws: MegolmError.unsupportedVersion(what: "Megolm session key (v2)", expected: 2, got: 3)) {
            try MegolmSessionKey(bytes: wrongVersion, format: .sharing)
        }
        #expect(throws: MegolmError.badLength(what: "Megolm session key (v2)", expected: 229, got: 228)) {
            try MegolmSessionKey(bytes: Array(bytes.dropLast()), format: .sharing)
        }
        #expect(throws: MegolmError.unsupportedVersion(what: "Megolm session export (v1)", expected: 1, got: 2)) {
            try MegolmSessionKey(bytes: bytes, format: .export)
        }
        #expect(throws: MegolmError.malformed(what: "Megolm session key", reason: "not base64")) {
            try InboundGroupSession(sessionKey: "not*base64")
        }
    }

    @Test("Tampered version, index, ciphertext, signature or length: typed error, session untouched")
    func messageTampering() throws {
        var outbound = try OutboundGroupSession()
        var inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
        _ = try outbound.encrypt([0])
        let message = try outbound.encrypt(Array("hello".utf8))
        let bytes = message.bytes
        let before = inbound.latestRatchet
        func attempt(_ mutated: [UInt8]) -> MegolmError? {
            do {
                _ = try inbound.decrypt(MegolmMessage(bytes: mutated))
                return nil
            } catch { return error }
        }
        var version = bytes
        version[0] = 4
        #expect(attempt(version) == .unsupportedVersion(what: "Megolm message", expected: 3, got: 4))
        var index = bytes
        index[2] = 5
        #expect(attempt(index) == .badSignature(what: "Megolm message at index 5"))
        var ciphertext = bytes
        ciphertext[6] ^= 1
        #expect(attempt(ciphertext) == .badSignature(what: "Megolm message at index 1"))
        var signature = bytes
        signature[bytes.count - 1] ^= 0x20
        #expect(attempt(signature) == .badSignature(what: "Megolm message at index 1"))
        #expect(attempt(Array(bytes.prefix(60))) == .badLength(what: "Megolm message", expected: 74, got: 60))
        #expect(attempt(bytes + [0]) != nil)  // the body boundary moves: a body or signature error
        #expect(inbound.latestRatchet == before)
        #expect(try inbound.decrypt(message).plaintext == Array("hello".utf8))
        #expect(inbound.latestRatchet.index == 1)
    }

    @Test("Validly signed but wrong MAC is badMAC; right MAC over bad padding is badCiphertext; state untouched")
    func macAndPaddingAfterSignature() throws {
        var outbound = try OutboundGroupSession()
        var inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
        let signer = outbound.signingKey
        let keys = outbound.ratchet.messageKeys()
        let wrongMAC = try MegolmMessage(
            index: 0, ciphertext: [UInt8](repeating: 7, count: 16), hmacKey: [UInt8](repeating: 1, count: 32),
            signingKey: signer)
        #expect(throws: MegolmError.badMAC(index: 0)) { try inbound.decrypt(wrongMAC) }
        // A block that decrypts to garbage padding, MAC'd with the real key.
        var garbage = [UInt8](repeating: 0, count: 16)
        for candidate in 0..<256 {
            garbage[15] = UInt8(candidate)
            let plain = try? Primitives.aes256CBCDecrypt(key: keys.aesKey, iv: keys.iv, ciphertext: garbage)
            if plain == nil { break }
        }
        let badPadding = try MegolmMessage(index: 0, ciphertext: garbage, hmacKey: keys.hmacKey, signingKey: signer)
        #expect(throws: MegolmError.badCiphertext(index: 0)) { try inbound.decrypt(badPadding) }
        #expect(inbound.latestRatchet.index == 0)
        let real = try outbound.encrypt(Array("ok".utf8))
        #expect(try inbound.decrypt(real).plaintext == Array("ok".utf8))
    }

    @Test("Encrypting never reuses a message key: indexes and ciphertexts of equal plaintexts all differ")
    func noKeyReuse() throws {
        var outbound = try OutboundGroupSession()
        let messages = try (0..<64).map { _ in try outbound.encrypt(Array("same".utf8)) }
        #expect(Set(messages.map(\.index)).count == 64)
        #expect(Set(messages.map(\.ciphertext)).count == 64)
    }

    @Test("m.megolm.v1.aes-sha2 content: snake_case JSON both ways, other algorithms rejected")
    func eventContent() throws {
        var outbound = try OutboundGroupSession()
        let message = try outbound.encrypt(Array(#"{"type":"m.room.message"}"#.utf8))
        let content = MegolmEncryptedContent(
            message: message, sessionId: outbound.sessionId, senderKey: "curve", deviceId: "DEVICE")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(content)) as? [String: String]
        #expect(
            json == [
                "algorithm": "m.megolm.v1.aes-sha2", "sender_key": "curve", "ciphertext": message.base64,
                "session_id": outbound.sessionId, "device_id": "DEVICE",
            ])
        let minimal = #"{"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"AwgA","session_id":"abc"}"#
        let decoded = try JSONDecoder().decode(MegolmEncryptedContent.self, from: Data(minimal.utf8))
        #expect(decoded.senderKey == nil && decoded.deviceId == nil && decoded.sessionId == "abc")
        let olm = #"{"algorithm":"m.olm.v1.curve25519-aes-sha2","ciphertext":"x","session_id":"abc"}"#
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MegolmEncryptedContent.self, from: Data(olm.utf8))
        }
    }

    @Test("Replay guard: same event twice is fine, another event at the same index is a replay")
    func replayGuard() throws {
        var guardian = MegolmReplayGuard()
        try guardian.record(sessionId: "s", index: 4, eventId: "$a")
        try guardian.record(sessionId: "s", index: 4, eventId: "$a")
        try guardian.record(sessionId: "s", index: 5, eventId: "$b")
        try guardian.record(sessionId: "t", index: 4, eventId: "$c")
        #expect(throws: MegolmError.replayedIndex(sessionId: "s", index: 4, firstEventId: "$a", eventId: "$z")) {
            try guardian.record(sessionId: "s", index: 4, eventId: "$z")
        }
        #expect(guardian.eventId(sessionId: "s", index: 4) == "$a")
        guardian.forget(sessionId: "s")
        #expect(guardian.eventId(sessionId: "s", index: 4) == nil)
        try guardian.record(sessionId: "s", index: 4, eventId: "$z")
    }
}
