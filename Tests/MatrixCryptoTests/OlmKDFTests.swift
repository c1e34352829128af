/// HKDF-SHA-256 (which Olm's root, ratchet and message-key derivations use) against RFC 5869's vectors.
import MatrixCrypto
import Testing

@Suite struct OlmKDFTests {
    func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    @Test func rfc5869TestCase1() {
        let okm = Primitives.hkdfSHA256(
            inputKeyMaterial: [UInt8](repeating: 0x0B, count: 22), salt: bytes("000102030405060708090a0b0c"),
            info: bytes("f0f1f2f3f4f5f6f7f8f9"), length: 42)
        #expect(okm == bytes("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
    }

    @Test func rfc5869TestCase2LongInputsAndThreeBlocks() {
        let okm = Primitives.hkdfSHA256(
            inputKeyMaterial: (0x00...0x4F).map { UInt8($0) }, salt: (0x60...0xAF).map { UInt8($0) },
            info: (0xB0...0xFF).map { UInt8($0) }, length: 82)
        let expected =
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            + "cc30c58179ec3e87c14c01d5c1f3434f1d87"
        #expect(okm == bytes(expected))
    }

    @Test func rfc5869TestCase3EmptySaltAndInfo() {
        let okm = Primitives.hkdfSHA256(
            inputKeyMaterial: [UInt8](repeating: 0x0B, count: 22), salt: [UInt8](), info: [UInt8](), length: 42)
        #expect(okm == bytes("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"))
    }
}
