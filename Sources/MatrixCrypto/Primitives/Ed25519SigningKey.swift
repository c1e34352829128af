/// A reusable Ed25519 signing key on swift-crypto (BoringSSL): expanded once, then each signature
/// costs one base-point multiplication. Chosen over libsodium 1.0.18 for signing because it signs
/// faster here (scripts/bench-crypto's Ed25519 rows, docs/E2EE.md); verification stays on libsodium.
public import Foundation
import Crypto

/// An Ed25519 private key from its 32-byte RFC 8032 seed. Signatures are deterministic (RFC 8032),
/// identical to libsodium's for the same seed and message. swift-crypto keeps the key in its
/// `SecureBytes`, which zeroes the buffer when it is freed.
public struct Ed25519SigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// The key for a 32-byte seed; another length is a typed error.
    public init(seed: [UInt8]) throws(PrimitiveError) {
        guard seed.count == 32 else { throw .badLength(what: "Ed25519 seed", expected: 32, got: seed.count) }
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
        } catch {
            throw .signingFailed(reason: "\(error)")
        }
    }

    /// The 32-byte public key.
    public var publicKey: [UInt8] { [UInt8](key.publicKey.rawRepresentation) }

    /// The 64-byte signature of `message`.
    public func sign(_ message: some DataProtocol) throws(PrimitiveError) -> [UInt8] {
        do {
            return [UInt8](try key.signature(for: message))
        } catch {
            throw .signingFailed(reason: "\(error)")
        }
    }
}
