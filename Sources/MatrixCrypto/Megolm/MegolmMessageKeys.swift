/// The per-message keys derived from a Megolm ratchet value (HKDF "MEGOLM_KEYS").

/// AES-256 key, HMAC-SHA-256 key and AES-CBC IV for one message index; wiped when dropped.
struct MegolmMessageKeys {
    /// The HKDF info string of megolm.md.
    static let info = Array("MEGOLM_KEYS".utf8)

    private let material: SecretBytes

    /// HKDF-SHA-256 with no salt over the 128-byte ratchet value, 80 bytes out.
    init(ratchetValue: [UInt8]) {
        material = SecretBytes(
            Primitives.hkdfSHA256(inputKeyMaterial: ratchetValue, salt: [UInt8](), info: Self.info, length: 80))
    }

    var aesKey: [UInt8] { Array(material.bytes[0..<32]) }
    var hmacKey: [UInt8] { Array(material.bytes[32..<64]) }
    var iv: [UInt8] { Array(material.bytes[64..<80]) }
}
