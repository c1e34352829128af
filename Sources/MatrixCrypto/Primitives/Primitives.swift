/// The cryptographic primitives the Olm and Megolm protocols stand on, from libsodium and swift-crypto.
///
/// Nothing here is hand-rolled: X25519, Ed25519 key derivation and verification, random bytes and
/// XChaCha20-Poly1305 come from libsodium; Ed25519 signing (``Ed25519SigningKey``) and
/// AES-256-CBC/CTR come from swift-crypto; SHA-256 and HMAC-SHA-256 come from swift-crypto for
/// long inputs and libsodium for short ones (whichever is faster at that size); HKDF-SHA-256 is
/// RFC 5869's extract-and-expand over libsodium's HMAC.
public import Foundation
import CSodium
import Crypto
import CryptoExtras

/// A failure inside a primitive: always a typed error, never a crash.
public enum PrimitiveError: Error, Equatable, Sendable {
    /// libsodium could not be initialised (`sodium_init` failed); the process cannot do cryptography.
    case sodiumUnavailable
    /// A key, nonce or signature had the wrong number of bytes.
    case badLength(what: String, expected: Int, got: Int)
    /// X25519 produced the all-zero output: the peer's public key is a low-order point.
    case lowOrderPoint
    /// AES-CBC decryption failed (bad padding or bad length).
    case cipherFailed
    /// Authenticated decryption failed: wrong key or tampered data.
    case authenticationFailed
    /// swift-crypto refused to make an Ed25519 key or signature (an internal BoringSSL failure).
    case signingFailed(reason: String)
}

/// Thin, typed wrappers over the primitives. All functions are thread-safe.
public enum Primitives {
    /// Calls `sodium_init` once; every entry point below calls this first.
    private static let initialised: Bool = sodium_init() >= 0

    @inline(__always) static func ensureSodium() throws {
        guard initialised else { throw PrimitiveError.sodiumUnavailable }
    }

    /// `count` bytes from the operating system's CSPRNG (libsodium `randombytes_buf`).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(initialised, "libsodium failed to initialise")
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return out
    }

    /// Overwrites `bytes` with zeros in a way the compiler may not elide (`sodium_memzero`).
    public static func wipe(_ bytes: inout [UInt8]) {
        let count = bytes.count
        bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { sodium_memzero(base, count) } }
    }

    // MARK: AES

    /// AES-256-CBC with PKCS#7 padding.
    public static func aes256CBCEncrypt(key: [UInt8], iv: [UInt8], plaintext: some DataProtocol) throws -> [UInt8] {
        try check(key, 32, "AES-256 key")
        try check(iv, 16, "AES-CBC IV")
        let out = try AES._CBC.encrypt(plaintext, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: iv))
        return [UInt8](out)
    }

    /// AES-256-CBC decryption with PKCS#7 padding; bad padding or length is ``PrimitiveError/cipherFailed``.
    public static func aes256CBCDecrypt(key: [UInt8], iv: [UInt8], ciphertext: some DataProtocol) throws -> [UInt8] {
        try check(key, 32, "AES-256 key")
        try check(iv, 16, "AES-CBC IV")
        do {
            let out = try AES._CBC.decrypt(ciphertext, using: SymmetricKey(data: key), iv: AES._CBC.IV(ivBytes: iv))
            return [UInt8](out)
        } catch {
            throw PrimitiveError.cipherFailed
        }
    }

    /// AES-256-CTR (encryption and decryption are the same operation); `counter` is the 16-byte initial block.
    public static func aes256CTR(key: [UInt8], counter: [UInt8], data: some DataProtocol) throws -> [UInt8] {
        try check(key, 32, "AES-256 key")
        try check(counter, 16, "AES-CTR counter block")
        let out = try AES._CTR.encrypt(data, using: SymmetricKey(data: key), nonce: AES._CTR.Nonce(nonceBytes: counter))
        return [UInt8](out)
    }

    // MARK: X25519

    /// The X25519 public key for a 32-byte private key.
    public static func x25519PublicKey(privateKey: [UInt8]) throws -> [UInt8] {
        try ensureSodium()
        try check(privateKey, 32, "X25519 private key")
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_scalarmult_curve25519_base(&out, privateKey)
        return out
    }

    /// X25519 shared secret; a low-order peer key (all-zero output) is rejected.
    public static func x25519(privateKey: [UInt8], publicKey: [UInt8]) throws -> [UInt8] {
        try ensureSodium()
        try check(privateKey, 32, "X25519 private key")
        try check(publicKey, 32, "X25519 public key")
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult_curve25519(&out, privateKey, publicKey) == 0 else { throw PrimitiveError.lowOrderPoint }
        return out
    }

    // MARK: Ed25519

    /// The Ed25519 public key for a 32-byte seed (the private key as RFC 8032 defines it).
    public static func ed25519PublicKey(seed: [UInt8]) throws -> [UInt8] {
        try ensureSodium()
        try check(seed, 32, "Ed25519 seed")
        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        _ = crypto_sign_seed_keypair(&pk, &sk, seed)
        wipe(&sk)
        return pk
    }

    /// A 64-byte Ed25519 signature of `message` with the key derived from `seed` (swift-crypto; see
    /// ``Ed25519SigningKey``, which a key that signs many messages should use instead).
    public static func ed25519Sign(seed: [UInt8], message: some DataProtocol) throws -> [UInt8] {
        try Ed25519SigningKey(seed: seed).sign(message)
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by `publicKey`.
    public static func ed25519Verify(publicKey: [UInt8], message: some DataProtocol, signature: [UInt8]) -> Bool {
        guard initialised, publicKey.count == 32, signature.count == 64 else { return false }
        let msg = [UInt8](message)
        return crypto_sign_verify_detached(signature, msg, UInt64(msg.count), publicKey) == 0
    }

    // MARK: Encryption at rest

    /// XChaCha20-Poly1305 (IETF) with a random 24-byte nonce: returns nonce ‖ ciphertext ‖ tag.
    public static func seal(key: [UInt8], plaintext: some DataProtocol, associatedData: some DataProtocol) throws
        -> [UInt8]
    {
        try ensureSodium()
        try check(key, 32, "XChaCha20-Poly1305 key")
        let nonce = randomBytes(24)
        let msg = [UInt8](plaintext)
        let ad = [UInt8](associatedData)
        var out = [UInt8](repeating: 0, count: msg.count + 16)
        var outLen: UInt64 = 0
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
            &out, &outLen, msg, UInt64(msg.count), ad, UInt64(ad.count), nil, nonce, key)
        return nonce + out.prefix(Int(outLen))
    }

    /// Opens what ``seal(key:plaintext:associatedData:)`` produced; tampering is ``PrimitiveError/authenticationFailed``.
    public static func open(key: [UInt8], sealed: some DataProtocol, associatedData: some DataProtocol) throws
        -> [UInt8]
    {
        try ensureSodium()
        try check(key, 32, "XChaCha20-Poly1305 key")
        let box = [UInt8](sealed)
        guard box.count >= 24 + 16 else { throw PrimitiveError.authenticationFailed }
        let nonce = Array(box.prefix(24))
        let cipher = Array(box.dropFirst(24))
        let ad = [UInt8](associatedData)
        var out = [UInt8](repeating: 0, count: cipher.count - 16)
        var outLen: UInt64 = 0
        let rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
            &out, &outLen, nil, cipher, UInt64(cipher.count), ad, UInt64(ad.count), nonce, key)
        guard rc == 0 else { throw PrimitiveError.authenticationFailed }
        return Array(out.prefix(Int(outLen)))
    }

    private static func check(_ bytes: [UInt8], _ expected: Int, _ what: String) throws {
        guard bytes.count == expected else {
            throw PrimitiveError.badLength(what: what, expected: expected, got: bytes.count)
        }
    }
}
