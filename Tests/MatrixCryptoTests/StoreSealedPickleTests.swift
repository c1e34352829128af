/// The at-rest envelope: sessions and the replay guard survive a seal/open round trip; wrong key,
/// tampering, wrong kind, unknown versions and non-pickles are typed errors.
import Foundation
import MatrixCrypto
import Testing

@Suite("Store: sealed pickles")
struct StoreSealedPickleTests {
    @Test("Outbound and inbound sessions round-trip and keep working where they left off")
    func sessionsRoundTrip() throws {
        let key = PickleKey.generate()
        var outbound = try OutboundGroupSession()
        var inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
        let first = try outbound.encrypt(Array("one".utf8))
        _ = try inbound.decrypt(first)
        var restoredOut = try SealedPickle.open(
            OutboundGroupSession.self, from: SealedPickle.seal(outbound, key: key), key: key)
        var restoredIn = try SealedPickle.open(
            InboundGroupSession.self, from: SealedPickle.seal(inbound, key: key), key: key)
        #expect(restoredOut.sessionId == outbound.sessionId)
        #expect(restoredOut.messageIndex == 1)
        #expect(restoredIn.firstKnownIndex == 0)
        #expect(restoredIn.latestRatchet == inbound.latestRatchet)
        let second = try restoredOut.encrypt(Array("two".utf8))
        #expect(second.index == 1)
        #expect(try restoredIn.decrypt(second).plaintext == Array("two".utf8))
        #expect(try restoredIn.decrypt(first).plaintext == Array("one".utf8))
    }

    @Test("The replay guard round-trips")
    func replayGuardRoundTrip() throws {
        let key = PickleKey.generate()
        var guardian = MegolmReplayGuard()
        try guardian.record(sessionId: "s", index: 3, eventId: "$e")
        let restored = try SealedPickle.open(
            MegolmReplayGuard.self, from: SealedPickle.seal(guardian, key: key), key: key)
        #expect(restored == guardian)
    }

    @Test("Header carries kind and version; the secrets are not visible in the blob")
    func headerAndSecrecy() throws {
        let key = PickleKey.generate()
        let outbound = try OutboundGroupSession()
        let blob = try SealedPickle.seal(outbound, key: key)
        let header = try SealedPickle.header(of: blob)
        #expect(header.kind == "megolm.outbound")
        #expect(header.version == 1)
        let ratchet = outbound.ratchet.value.bytes
        let leaked = (0...(blob.count - 16)).contains { Array(blob[$0..<($0 + 16)]) == Array(ratchet.prefix(16)) }
        #expect(!leaked)
        #expect(String(decoding: blob, as: UTF8.self).contains("ratchet") == false)
    }

    @Test("Wrong key, a flipped bit anywhere, wrong kind, unknown versions, junk: typed errors")
    func failures() throws {
        let key = PickleKey.generate()
        let blob = try SealedPickle.seal(try OutboundGroupSession(), key: key)
        #expect(throws: PickleError.wrongKeyOrTampered(kind: "megolm.outbound")) {
            try SealedPickle.open(OutboundGroupSession.self, from: blob, key: PickleKey.generate())
        }
        for position in [30, blob.count / 2, blob.count - 1] {
            var tampered = blob
            tampered[position] ^= 0x01
            #expect(throws: PickleError.wrongKeyOrTampered(kind: "megolm.outbound")) {
                try SealedPickle.open(OutboundGroupSession.self, from: tampered, key: key)
            }
        }
        #expect(throws: PickleError.wrongKind(expected: "megolm.inbound", found: "megolm.outbound")) {
            try SealedPickle.open(InboundGroupSession.self, from: blob, key: key)
        }
        // The kind lives at bytes 6..<21 ("megolm.outbound"), the version right after it.
        var newer = blob
        newer[22] = 2
        #expect(throws: PickleError.unsupportedVersion(kind: "megolm.outbound", expected: 1, found: 2)) {
            try SealedPickle.open(OutboundGroupSession.self, from: newer, key: key)
        }
        var envelope = blob
        envelope[4] = 9
        #expect(throws: PickleError.unsupportedEnvelopeVersion(got: 9, supported: 1)) {
            try SealedPickle.open(OutboundGroupSession.self, from: envelope, key: key)
        }
        // Relabel the sealed outbound session as an inbound one: the header is the associated data,
        // so authentication fails instead of an inbound decoder reading outbound contents.
        let relabelled = Array("PRXP".utf8) + [1, 14] + Array("megolm.inbound".utf8) + [0, 1] + blob[23...]
        #expect(throws: PickleError.wrongKeyOrTampered(kind: "megolm.inbound")) {
            try SealedPickle.open(InboundGroupSession.self, from: relabelled, key: key)
        }
        #expect(throws: PickleError.notAPickle(reason: "missing the PRXP magic")) {
            try SealedPickle.open(OutboundGroupSession.self, from: Array("hello".utf8), key: key)
        }
        #expect(throws: PickleError.notAPickle(reason: "truncated header")) {
            try SealedPickle.open(OutboundGroupSession.self, from: Array(blob.prefix(12)), key: key)
        }
        #expect(throws: PickleError.badKeyLength(got: 31)) { try PickleKey(bytes: [UInt8](repeating: 0, count: 31)) }
    }

    @Test("Authentic but inconsistent contents are corrupt, not a crash")
    func corruptContents() throws {
        struct Fake: Pickleable {
            static let pickleKind = "megolm.outbound"
            static let pickleVersion: UInt16 = 1
            let ratchet: [String: String]
        }
        let key = PickleKey.generate()
        let blob = try SealedPickle.seal(Fake(ratchet: ["index": "x"]), key: key)
        #expect {
            try SealedPickle.open(OutboundGroupSession.self, from: blob, key: key)
        } throws: { error in
            guard case PickleError.corrupt(kind: "megolm.outbound", _) = error else { return false }
            return true
        }
    }

    @Test("SecretBytes: copies are independent after a mutation; equality compares contents")
    func secretBytesCopyOnWrite() {
        var a = SecretBytes([1, 2, 3])
        let b = a
        a.mutate { $0[0] = 9 }
        #expect(a.bytes == [9, 2, 3])
        #expect(b.bytes == [1, 2, 3])
        #expect(a != b)
        #expect(SecretBytes([1, 2, 3]) == b)
    }
}
