/// Constant-time comparison, detached HMAC verification and reusable Ed25519 signing keys (libsodium).
public import Foundation
import CSodium

extension Primitives {
    /// Whether `a` and `b` hold the same bytes, compared in time independent of their content
    /// (`sodium_memcmp`); different lengths are unequal (the lengths themselves are public).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in sodium_memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
        }
    }

    /// Whether `mac` is the HMAC-SHA-256 of `data` under `key`, or that MAC truncated to `mac.count`
    /// bytes (1...32), compared in constant time. An empty or over-long `mac` never verifies.
    public static func hmacSHA256Verify(key: some DataProtocol, data: some DataProtocol, mac: [UInt8]) -> Bool {
        guard (1...32).contains(mac.count) else { return false }
        var full = hmacSHA256(key: key, data: data)
        defer { wipe(&full) }
        return constantTimeEqual(Array(full.prefix(mac.count)), mac)
    }

    /// libsodium's 64-byte Ed25519 secret key (seed ‖ public key) for a 32-byte seed, so that a key
    /// that signs many messages is expanded once. Wipe it with ``wipe(_:)`` when done.
    public static func ed25519SecretKey(seed: [UInt8]) throws -> [UInt8] {
        try ensureSodium()
        guard seed.count == 32 else {
            throw PrimitiveError.badLength(what: "Ed25519 seed", expected: 32, got: seed.count)
        }
        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        _ = crypto_sign_seed_keypair(&pk, &sk, seed)
        return sk
    }

    /// A 64-byte Ed25519 signature of `message` with a secret key from ``ed25519SecretKey(seed:)``.
    public static func ed25519Sign(secretKey: [UInt8], message: some DataProtocol) throws -> [UInt8] {
        try ensureSodium()
        guard secretKey.count == 64 else {
            throw PrimitiveError.badLength(what: "Ed25519 secret key", expected: 64, got: secretKey.count)
        }
        let msg = [UInt8](message)
        var sig = [UInt8](repeating: 0, count: 64)
        _ = crypto_sign_detached(&sig, nil, msg, UInt64(msg.count), secretKey)
        return sig
    }
}
