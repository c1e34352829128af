/// Constant-time comparison and detached HMAC verification (libsodium).
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
}
