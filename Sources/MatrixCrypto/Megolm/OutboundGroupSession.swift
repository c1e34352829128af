/// The sending side of a Megolm session: a ratchet, an Ed25519 key pair and the message index.
public import Foundation

/// An outbound Megolm session (megolm.md "Session setup", "Message encryption").
///
/// Every ``encrypt(_:)`` uses the keys of the current index and then advances the ratchet, so no
/// message key or IV is used twice — provided the caller persists the session after each encrypt
/// and before the ciphertext leaves the process (a restored older snapshot would reuse indexes).
public struct OutboundGroupSession: Sendable {
    /// The ratchet at the index of the next message.
    public private(set) var ratchet: MegolmRatchet
    /// The Ed25519 seed (the private key as RFC 8032 defines it).
    let signingSeed: SecretBytes
    /// The signing key expanded from ``signingSeed`` (not persisted; derived again on load).
    let signingKey: Ed25519SigningKey
    /// The Ed25519 public key.
    public let signingPublicKey: [UInt8]

    /// A new session: 1024 random ratchet bits at index 0 and a fresh Ed25519 key pair.
    /// Throws only if libsodium is unusable.
    public init() throws(MegolmError) {
        try self.init(ratchet: .random(), signingSeed: .random(count: 32))
    }

    /// A session from its parts (used when loading a snapshot).
    init(ratchet: MegolmRatchet, signingSeed: SecretBytes) throws(MegolmError) {
        guard signingSeed.count == 32 else {
            throw .badLength(what: "Ed25519 seed", expected: 32, got: signingSeed.count)
        }
        self.ratchet = ratchet
        self.signingSeed = signingSeed
        do {
            signingKey = try Ed25519SigningKey(seed: signingSeed.bytes)
        } catch {
            throw .primitiveFailed(reason: "\(error)")
        }
        signingPublicKey = signingKey.publicKey
    }

    /// The session id: unpadded base64 of the Ed25519 public key.
    public var sessionId: String { UnpaddedBase64.encode(signingPublicKey) }

    /// The index the next message will be encrypted at.
    public var messageIndex: UInt32 { ratchet.index }

    /// The signed session key (v2) at the current index, to share in `m.room_key` over Olm.
    public func sessionKey() throws(MegolmError) -> MegolmSessionKey {
        do {
            return try MegolmSessionKey(
                sharing: ratchet, signingPublicKey: signingPublicKey, signingKey: signingKey)
        } catch {
            throw .primitiveFailed(reason: "\(error)")
        }
    }

    /// Encrypts `plaintext` at ``messageIndex`` and advances the ratchet. On error nothing changes.
    public mutating func encrypt(_ plaintext: some DataProtocol) throws(MegolmError) -> MegolmMessage {
        var next = ratchet
        try next.advance()
        let keys = ratchet.messageKeys()
        let message: MegolmMessage
        do {
            let ciphertext = try Primitives.aes256CBCEncrypt(key: keys.aesKey, iv: keys.iv, plaintext: plaintext)
            message = try MegolmMessage(
                index: ratchet.index, ciphertext: ciphertext, hmacKey: keys.hmacKey,
                signingKey: signingKey)
        } catch {
            throw .primitiveFailed(reason: "\(error)")
        }
        ratchet = next
        return message
    }
}
