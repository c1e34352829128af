/// Megolm benchmarks: encrypt and decrypt (signature, HKDF, MAC, AES-CBC, base64) of a 1 KiB message.
import MatrixCrypto

/// The plaintext size of the Megolm benchmarks, the same as scripts/bench-crypto asks the peers for.
private let megolmPlaintext = [UInt8](repeating: 0x61, count: 1024)

/// `megolm-encrypt-1k`: one outbound session encrypting `iterations` messages in a row, each to the
/// base64 that goes into an event (the peers' `encrypt(...).to_base64()` / python-olm `encrypt`).
let benchMegolmEncrypt = Benchmark(name: "megolm-encrypt-1k", summary: "Megolm encrypt, 1 KiB plaintext") {
    iterations in
    var outbound = try OutboundGroupSession()
    for _ in 0..<iterations { _ = try outbound.encrypt(megolmPlaintext).base64 }
    return iterations
}

/// `megolm-decrypt-1k`: one base64 message of 1 KiB decrypted `iterations` times, parsing, signature,
/// HKDF, MAC and AES every time. The peers do exactly the same (scripts/peers/megolm_peer.py), so
/// none of the three pays in-order decryption's extra HMAC per message.
let benchMegolmDecrypt = Benchmark(name: "megolm-decrypt-1k", summary: "Megolm decrypt, 1 KiB plaintext") {
    iterations in
    var outbound = try OutboundGroupSession()
    var inbound = InboundGroupSession(key: try outbound.sessionKey())
    let message = try outbound.encrypt(megolmPlaintext).base64
    for _ in 0..<iterations { _ = try inbound.decrypt(base64: message) }
    return iterations
}
