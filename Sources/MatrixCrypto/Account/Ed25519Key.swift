/// Ed25519 public keys and signing key pairs: the device fingerprint key that signs Matrix JSON.

/// A 32-byte Ed25519 public key; in Matrix JSON it is unpadded base64.
public struct Ed25519PublicKey: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The 32 key bytes.
    public let bytes: [UInt8]

    /// Wraps 32 bytes; `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses unpadded base64; `nil` if it is not base64 of 32 bytes.
    public init?(base64: String) {
        guard let bytes = UnpaddedBase64.decode(base64) else { return nil }
        self.init(bytes: bytes)
    }

    /// Unpadded base64.
    public var base64: String { UnpaddedBase64.encode(bytes) }

    /// The base64 form.
    public var description: String { base64 }

    /// Whether `signature` (64 bytes) is this key's signature of `message`.
    public func verify(_ message: [UInt8], signature: [UInt8]) -> Bool {
        Primitives.ed25519Verify(publicKey: bytes, message: message, signature: signature)
    }
}

/// An Ed25519 signing key (its 32-byte RFC 8032 seed) with its public key. The seed is part of the
/// `Codable` form on purpose: snapshots are stored only inside the encrypted-at-rest envelope. The
/// seed is wiped when dropped.
public struct Ed25519KeyPair: Codable, Sendable {
    /// The 32-byte seed.
    let seed: SecretBytes
    /// The public key.
    public let publicKey: Ed25519PublicKey

    /// A fresh key pair from the operating system's CSPRNG (fails only if libsodium is unavailable).
    public static func generate() throws -> Ed25519KeyPair {
        try Ed25519KeyPair(seed: Primitives.randomBytes(32))
    }

    /// The key pair for a 32-byte seed; another length is a typed error.
    public init(seed: [UInt8]) throws {
        let publicBytes = try Primitives.ed25519PublicKey(seed: seed)
        guard let key = Ed25519PublicKey(bytes: publicBytes) else {
            throw PrimitiveError.badLength(what: "Ed25519 public key", expected: 32, got: publicBytes.count)
        }
        self.seed = SecretBytes(seed)
        self.publicKey = key
    }

    /// The 64-byte signature of `message` (fails only if libsodium is unavailable).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        try Primitives.ed25519Sign(seed: seed.bytes, message: message)
    }
}
