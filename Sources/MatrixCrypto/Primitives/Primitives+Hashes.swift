/// SHA-256, HMAC-SHA-256 and HKDF-SHA-256: libsodium or swift-crypto, whichever is faster at the input's size.
public import Foundation
import CSodium
import Crypto

extension Primitives {
    /// Inputs of at least this many bytes are hashed by swift-crypto (BoringSSL, with the CPU's SHA
    /// extensions), shorter ones by libsodium, whose lower cost per call wins there: measured
    /// crossover 300–600 bytes for HMAC-SHA-256, 100–300 for SHA-256 (docs/E2EE.md, Performance).
    /// A Megolm message MAC (about 1 KiB) takes the swift-crypto path, Olm's short MACs and ratchet
    /// steps the libsodium one.
    static let swiftCryptoHashMinimumBytes = 512

    /// SHA-256 of `data`.
    public static func sha256(_ data: some DataProtocol) -> [UInt8] {
        if data.count >= swiftCryptoHashMinimumBytes {
            return SHA256.hash(data: data).withUnsafeBytes { Array($0) }
        }
        let bytes = [UInt8](data)
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
        return out
    }

    /// HMAC-SHA-256 of `data` under a key of any length.
    public static func hmacSHA256(key: some DataProtocol, data: some DataProtocol) -> [UInt8] {
        var key = [UInt8](key)
        defer { wipe(&key) }
        if data.count >= swiftCryptoHashMinimumBytes {
            // swift-crypto zeroes its copy of the key and its hash states when it frees them.
            return HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)).withUnsafeBytes {
                Array($0)
            }
        }
        let data = [UInt8](data)
        var state = crypto_auth_hmacsha256_state()
        defer { withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress!, $0.count) } }
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_auth_hmacsha256_init(&state, key, key.count)
        _ = crypto_auth_hmacsha256_update(&state, data, UInt64(data.count))
        _ = crypto_auth_hmacsha256_final(&state, &out)
        return out
    }

    /// HKDF-SHA-256 (RFC 5869) with the given salt and info, `length` (at most 8160) output bytes.
    ///
    /// Built on libsodium's HMAC-SHA-256 (extract, then expand from one keyed HMAC state copied per
    /// block): the same function as swift-crypto's `HKDF<SHA256>`, about three times faster here,
    /// which matters because Megolm derives keys for every message. RFC 5869 A.1–A.3 check it.
    public static func hkdfSHA256(
        inputKeyMaterial: some DataProtocol, salt: some DataProtocol, info: some DataProtocol, length: Int
    ) -> [UInt8] {
        precondition((0...255 * 32).contains(length), "HKDF-SHA-256 output length must be 0...8160")
        var prk = hmacSHA256(key: salt, data: inputKeyMaterial)
        var keyed = crypto_auth_hmacsha256_state()
        _ = crypto_auth_hmacsha256_init(&keyed, prk, prk.count)
        wipe(&prk)
        let info = [UInt8](info)
        var out = [UInt8]()
        out.reserveCapacity(length + 32)
        var block = [UInt8]()
        var counter: UInt8 = 1
        while out.count < length {
            var state = keyed
            _ = crypto_auth_hmacsha256_update(&state, block, UInt64(block.count))
            _ = crypto_auth_hmacsha256_update(&state, info, UInt64(info.count))
            _ = crypto_auth_hmacsha256_update(&state, [counter], 1)
            block = [UInt8](repeating: 0, count: 32)
            _ = crypto_auth_hmacsha256_final(&state, &block)
            out += block
            counter &+= 1
        }
        withUnsafeMutableBytes(of: &keyed) { sodium_memzero($0.baseAddress!, $0.count) }
        wipe(&block)
        let result = Array(out.prefix(length))
        wipe(&out)
        return result
    }
}
