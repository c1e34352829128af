/// The 32-byte XChaCha20-Poly1305 key that seals every crypto object at rest (kept by the daemon).

/// The store key. The daemon creates it once, keeps it apart from the store (docs/E2EE.md says
/// where and why) and hands it to the crypto store; it is wiped from memory when dropped.
public struct PickleKey: Sendable {
    /// The key length.
    public static let length = 32

    let secret: SecretBytes

    /// A key from its 32 bytes.
    public init(bytes: [UInt8]) throws(PickleError) {
        guard bytes.count == Self.length else { throw .badKeyLength(got: bytes.count) }
        secret = SecretBytes(bytes)
    }

    /// A fresh random key.
    public static func generate() -> PickleKey {
        PickleKey(secret: .random(count: length))
    }

    private init(secret: SecretBytes) { self.secret = secret }
}
