/// Megolm benchmarks: encrypt and decrypt (signature, MAC, AES-CBC) of a 1 KiB message.
import MatrixCrypto

/// The plaintext size of the Megolm benchmarks, the same as scripts/bench-crypto asks the peers for.
private let megolmPlaintext = [UInt8](repeating: 0x61, count: 1024)

/// `megolm-encrypt-1k`: one outbound session encrypting `iterations` messages in a row.
let benchMegolmEncrypt = Benchmark(name: "megolm-encrypt-1k", summary: "Megolm encrypt, 1 KiB plaintext") {
    iterations in
    var outbound = try OutboundGroupSession()
    for _ in 0..<iterations { _ = try outbound.encrypt(megolmPlaintext) }
    return iterations
}

/// `megolm-decrypt-1k`: decrypting one 1 KiB message `iterations` times (signature, HKDF, MAC, AES
/// every time). The peers in scripts/bench-crypto do the same, so the setup (one encrypt) is the only
/// untimed-elsewhere cost and in-order decryption's one extra HMAC per message is left out by all three.
let benchMegolmDecrypt = Benchmark(name: "megolm-decrypt-1k", summary: "Megolm decrypt, 1 KiB plaintext") {
    iterations in
    var outbound = try OutboundGroupSession()
    var inbound = InboundGroupSession(key: try outbound.sessionKey())
    let message = try outbound.encrypt(megolmPlaintext)
    for _ in 0..<iterations { _ = try inbound.decrypt(message) }
    return iterations
}
