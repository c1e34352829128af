/// The receiving side of a Megolm session: decrypts at or after the earliest ratchet it knows.
import Foundation

/// A decrypted Megolm message: the plaintext and the index it was encrypted at (for replay checks).
public struct MegolmDecrypted: Sendable, Equatable {
    /// The plaintext bytes (for Matrix: the JSON of `{type, content, room_id}`).
    public let plaintext: [UInt8]
    /// The ratchet index of the message.
    public let index: UInt32
}

/// An inbound Megolm session (megolm.md "Sharing session data", "Advancing the ratchet").
///
/// It keeps the earliest known ratchet (``firstKnownIndex``) so history stays decryptable, and a
/// cache of the latest ratchet it used so decrypting in order costs one step per message.
public struct InboundGroupSession: Sendable {
    /// The earliest ratchet known: messages before its index cannot be decrypted.
    public private(set) var initialRatchet: MegolmRatchet
    /// The ratchet of the latest message decrypted (a cache; never before ``initialRatchet``).
    public private(set) var latestRatchet: MegolmRatchet
    /// The session's Ed25519 public key; every message's signature is checked against it.
    public let signingPublicKey: [UInt8]
    /// Whether the ratchet came from a signed session key (v2) rather than an unsigned export (v1):
    /// an export is only as trustworthy as the channel (backup, forwarding device) it came over.
    public let isVerified: Bool

    /// A session from a session key or export (its signature, for v2, was checked when decoding).
    public init(key: MegolmSessionKey) {
        initialRatchet = key.ratchet
        latestRatchet = key.ratchet
        signingPublicKey = key.signingPublicKey
        isVerified = key.format == .sharing
    }

    /// A session from the base64 session key of an `m.room_key` event (v2, signature checked).
    public init(sessionKey base64: String) throws(MegolmError) {
        self.init(key: try MegolmSessionKey(base64: base64, format: .sharing))
    }

    /// A session from the base64 export of a forwarded key or a backup (v1, unsigned).
    public init(exportedKey base64: String) throws(MegolmError) {
        self.init(key: try MegolmSessionKey(base64: base64, format: .export))
    }

    /// A session from its parts (used when loading a snapshot).
    init(initial: MegolmRatchet, latest: MegolmRatchet, signingPublicKey: [UInt8], isVerified: Bool) throws(MegolmError)
    {
        guard signingPublicKey.count == 32 else {
            throw .badLength(what: "Ed25519 public key", expected: 32, got: signingPublicKey.count)
        }
        guard latest.index >= initial.index else {
            throw .cannotRatchetBackwards(from: initial.index, to: latest.index)
        }
        initialRatchet = initial
        latestRatchet = latest
        self.signingPublicKey = signingPublicKey
        self.isVerified = isVerified
    }

    /// The session id: unpadded base64 of the Ed25519 public key.
    public var sessionId: String { UnpaddedBase64.encode(signingPublicKey) }

    /// The earliest message index this session can decrypt.
    public var firstKnownIndex: UInt32 { initialRatchet.index }

    /// Decrypts the base64 `ciphertext` of an `m.megolm.v1.aes-sha2` event.
    public mutating func decrypt(base64: String) throws(MegolmError) -> MegolmDecrypted {
        try decrypt(MegolmMessage(base64: base64))
    }

    /// Checks the signature, then the MAC, then decrypts. Any failure throws and changes nothing;
    /// success only moves the latest-ratchet cache forwards.
    public mutating func decrypt(_ message: MegolmMessage) throws(MegolmError) -> MegolmDecrypted {
        guard
            Primitives.ed25519Verify(
                publicKey: signingPublicKey, message: message.signedBytes, signature: message.signature)
        else { throw .badSignature(what: "Megolm message at index \(message.index)") }
        let ratchet = try self.ratchet(at: message.index)
        let keys = ratchet.messageKeys()
        guard Primitives.hmacSHA256Verify(key: keys.hmacKey, data: message.macedBytes, mac: message.mac) else {
            throw .badMAC(index: message.index)
        }
        let plaintext: [UInt8]
        do {
            plaintext = try Primitives.aes256CBCDecrypt(key: keys.aesKey, iv: keys.iv, ciphertext: message.ciphertext)
        } catch {
            throw .badCiphertext(index: message.index)
        }
        if ratchet.index >= latestRatchet.index { latestRatchet = ratchet }
        return MegolmDecrypted(plaintext: plaintext, index: message.index)
    }

    /// An unsigned export (v1) of the ratchet at `index`, which must not be before ``firstKnownIndex``.
    public func export(at index: UInt32) throws(MegolmError) -> MegolmSessionKey {
        MegolmSessionKey(exporting: try ratchet(at: index), signingPublicKey: signingPublicKey)
    }

    /// The ratchet at `index`, advanced from the closest known ratchet at or before it.
    private func ratchet(at index: UInt32) throws(MegolmError) -> MegolmRatchet {
        guard index >= initialRatchet.index else {
            throw .unknownMessageIndex(firstKnown: initialRatchet.index, got: index)
        }
        var ratchet = latestRatchet.index <= index ? latestRatchet : initialRatchet
        try ratchet.advance(to: index)
        return ratchet
    }
}
