/// Ed25519 micro-benchmarks: libsodium against swift-crypto (BoringSSL), the choice behind `Primitives`' Ed25519.
import CSodium
import Crypto
import Foundation

/// The message size of the Ed25519 benchmarks: about what a Megolm message of 1 KiB signs.
private let ed25519Message = [UInt8](repeating: 0x42, count: 1100)

extension Benchmark {
    /// libsodium `crypto_sign_detached` with an expanded 64-byte secret key.
    static let ed25519SignSodium = Benchmark(name: "ed25519-sign-sodium", summary: "Ed25519 sign, libsodium") {
        iterations in
        guard sodium_init() >= 0 else { throw BenchError.sodiumUnavailable }
        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        crypto_sign_keypair(&pk, &sk)
        var sig = [UInt8](repeating: 0, count: 64)
        for _ in 0..<iterations {
            crypto_sign_detached(&sig, nil, ed25519Message, UInt64(ed25519Message.count), sk)
        }
        return iterations
    }

    /// libsodium `crypto_sign_verify_detached`.
    static let ed25519VerifySodium = Benchmark(name: "ed25519-verify-sodium", summary: "Ed25519 verify, libsodium") {
        iterations in
        guard sodium_init() >= 0 else { throw BenchError.sodiumUnavailable }
        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        crypto_sign_keypair(&pk, &sk)
        var sig = [UInt8](repeating: 0, count: 64)
        crypto_sign_detached(&sig, nil, ed25519Message, UInt64(ed25519Message.count), sk)
        for _ in 0..<iterations {
            guard crypto_sign_verify_detached(sig, ed25519Message, UInt64(ed25519Message.count), pk) == 0 else {
                throw BenchError.verificationFailed
            }
        }
        return iterations
    }

    /// swift-crypto `Curve25519.Signing.PrivateKey.signature(for:)`.
    static let ed25519SignSwiftCrypto = Benchmark(
        name: "ed25519-sign-swift-crypto", summary: "Ed25519 sign, swift-crypto (BoringSSL)"
    ) { iterations in
        let key = Curve25519.Signing.PrivateKey()
        for _ in 0..<iterations { _ = try key.signature(for: ed25519Message) }
        return iterations
    }

    /// swift-crypto `Curve25519.Signing.PublicKey.isValidSignature(_:for:)`.
    static let ed25519VerifySwiftCrypto = Benchmark(
        name: "ed25519-verify-swift-crypto", summary: "Ed25519 verify, swift-crypto (BoringSSL)"
    ) { iterations in
        let key = Curve25519.Signing.PrivateKey()
        let signature = try key.signature(for: ed25519Message)
        for _ in 0..<iterations {
            guard key.publicKey.isValidSignature(signature, for: ed25519Message) else {
                throw BenchError.verificationFailed
            }
        }
        return iterations
    }
}

/// Why an Ed25519 benchmark could not run.
enum BenchError: Error {
    /// `sodium_init` failed.
    case sodiumUnavailable
    /// A signature made in the benchmark did not verify.
    case verificationFailed
}
