/// Curve25519 public keys and key pairs, as Olm uses them for identity, one-time, base and ratchet keys.

/// A 32-byte Curve25519 (X25519) public key; in Matrix JSON it is unpadded base64.
public struct Curve25519PublicKey: Hashable, Codable, Sendable, CustomStringConvertible {
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

    /// Unpadded base64, as in `/keys/upload` and `sender_key`.
    public var base64: String { UnpaddedBase64.encode(bytes) }

    /// The base64 form.
    public var description: String { base64 }
}

/// A Curve25519 private key with its public key. The secret is part of the `Codable` form on purpose:
/// snapshots are stored only inside the encrypted-at-rest envelope. The secret is wiped when dropped.
public struct Curve25519KeyPair: Codable, Sendable {
    /// The 32-byte private scalar.
    let secretKey: SecretBytes
    /// The public key.
    public let publicKey: Curve25519PublicKey

    /// A fresh key pair from the operating system's CSPRNG (fails only if libsodium is unavailable).
    public static func generate() throws -> Curve25519KeyPair {
        try Curve25519KeyPair(secretKey: Primitives.randomBytes(32))
    }

    /// The key pair for a given 32-byte private key.
    public init(secretKey: [UInt8]) throws {
        let publicBytes = try Primitives.x25519PublicKey(privateKey: secretKey)
        guard let key = Curve25519PublicKey(bytes: publicBytes) else {
            throw PrimitiveError.badLength(what: "X25519 public key", expected: 32, got: publicBytes.count)
        }
        self.secretKey = SecretBytes(secretKey)
        self.publicKey = key
    }

    /// X25519 with `other`; a low-order peer key is a typed error.
    func diffieHellman(_ other: Curve25519PublicKey) throws -> [UInt8] {
        try Primitives.x25519(privateKey: secretKey.bytes, publicKey: other.bytes)
    }
}
