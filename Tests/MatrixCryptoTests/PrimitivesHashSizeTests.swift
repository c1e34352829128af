/// Known answers for SHA-256 and HMAC-SHA-256 on both sides of the size at which `Primitives` hands
/// hashing from libsodium to swift-crypto, so each library's path is checked.
import Foundation
import MatrixCrypto
import Testing

private let h = PrimitivesHex.bytes

@Suite("Primitives hashes on both libraries")
struct PrimitivesHashSizeTests {
    /// `n` bytes of a fixed pattern; the expected values below are Python `hashlib`/`hmac` on the same bytes.
    static func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(($0 * 7 + 3) % 256) } }

    /// The key of the HMAC vectors: bytes 0...31.
    static let key = (0..<32).map { UInt8($0) }

    static let vectors: [(size: Int, sha256: String, hmac: String)] = [
        (
            511, "93b22d6ad4cee7e445d1a86c499ee7ebede7cd81d11f56ea484d70bd10f07cca",
            "ed468a735dd4045eb29ecf7bcb7374be62b8494a49a69830f95f772fd7b78dd9"
        ),
        (
            512, "c9d8e3352f9f790d8b0be13cb1c18ed7963009888be04acc065ee5efbd934076",
            "ebc43c61b648ad49dedb0d2cb84397af7b30569aafb09dc9c3af4d1677082fad"
        ),
        (
            1100, "947a5eada5f28a3ccbe13524f65de55770816dd85054ca77ed7ff18736f55146",
            "4aac5d024b157b853843b3075adfd71caccaffc4ba042fe8225a88790ea4a1e3"
        ),
    ]

    @Test("SHA-256 and HMAC-SHA-256 of 511, 512 and 1100 bytes, as [UInt8], Data and a slice", arguments: 0..<3)
    func sizes(vector: Int) {
        let v = Self.vectors[vector]
        let data = Self.pattern(v.size)
        let slice = ([0xFF] + data + [0xFF])[1...v.size]
        for digest in [Primitives.sha256(data), Primitives.sha256(Data(data)), Primitives.sha256(slice)] {
            #expect(digest == h(v.sha256))
        }
        for mac in [
            Primitives.hmacSHA256(key: Self.key, data: data),
            Primitives.hmacSHA256(key: Data(Self.key), data: Data(data)),
            Primitives.hmacSHA256(key: Self.key, data: slice),
        ] {
            #expect(mac == h(v.hmac))
        }
        #expect(Primitives.hmacSHA256Verify(key: Self.key, data: data, mac: Array(h(v.hmac).prefix(8))))
        var tampered = data
        tampered[v.size / 2] ^= 1
        #expect(!Primitives.hmacSHA256Verify(key: Self.key, data: tampered, mac: h(v.hmac)))
    }

    @Test("FIPS 180-2 sample: SHA-256 of one million \"a\"")
    func millionA() {
        #expect(
            Primitives.sha256([UInt8](repeating: 0x61, count: 1_000_000))
                == h("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"))
    }
}
