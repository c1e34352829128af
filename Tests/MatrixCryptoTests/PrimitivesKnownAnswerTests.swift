/// Known-answer tests of the primitives: RFC 7748, RFC 8032, RFC 5869, RFC 4231, FIPS 180 / SP 800-38A
/// samples, and the Matrix spec appendix "Cryptographic Test Vectors" that use Ed25519 and SHA-256.
import Foundation
import MatrixCrypto
import Testing

private let h = PrimitivesHex.bytes

@Suite("Primitives known answers")
struct PrimitivesKnownAnswerTests {
    @Test("RFC 7748 §5.2: X25519 of two scalar/u-coordinate pairs")
    func x25519Section5_2() throws {
        let one = try Primitives.x25519(
            privateKey: h("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
            publicKey: h("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
        #expect(one == h("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"))
        let two = try Primitives.x25519(
            privateKey: h("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
            publicKey: h("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
        #expect(two == h("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"))
    }

    @Test("RFC 7748 §5.2: X25519 iterated 1 and 1000 times from u = k = 9")
    func x25519Iterated() throws {
        var k = [9] + [UInt8](repeating: 0, count: 31)
        var u = k
        for i in 1...1000 {
            let next = try Primitives.x25519(privateKey: k, publicKey: u)
            u = k
            k = next
            if i == 1 { #expect(k == h("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079")) }
        }
        #expect(k == h("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"))
    }

    @Test("RFC 7748 §6.1: Alice and Bob's public keys and shared secret")
    func x25519DiffieHellman() throws {
        let alice = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
        let bob = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
        let alicePublic = try Primitives.x25519PublicKey(privateKey: alice)
        let bobPublic = try Primitives.x25519PublicKey(privateKey: bob)
        #expect(alicePublic == h("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))
        #expect(bobPublic == h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))
        let shared = h("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        #expect(try Primitives.x25519(privateKey: alice, publicKey: bobPublic) == shared)
        #expect(try Primitives.x25519(privateKey: bob, publicKey: alicePublic) == shared)
    }

    @Test("X25519 rejects a low-order point (all-zero output)")
    func x25519LowOrder() {
        #expect(throws: PrimitiveError.lowOrderPoint) {
            try Primitives.x25519(privateKey: Primitives.randomBytes(32), publicKey: [UInt8](repeating: 0, count: 32))
        }
    }

    static let ed25519Vectors: [(seed: String, publicKey: String, message: String, signature: String)] = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        ),
        (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        ),
    ]

    @Test("RFC 8032 §7.1 tests 1–3: Ed25519 public key, signature, verification", arguments: 0..<3)
    func ed25519(vector: Int) throws {
        let v = Self.ed25519Vectors[vector]
        let seed = h(v.seed)
        let message = h(v.message)
        #expect(try Primitives.ed25519PublicKey(seed: seed) == h(v.publicKey))
        #expect(try Primitives.ed25519Sign(seed: seed, message: message) == h(v.signature))
        let signingKey = try Ed25519SigningKey(seed: seed)
        #expect(signingKey.publicKey == h(v.publicKey))
        #expect(try signingKey.sign(message) == h(v.signature))
        #expect(Primitives.ed25519Verify(publicKey: h(v.publicKey), message: message, signature: h(v.signature)))
        var forged = h(v.signature)
        forged[7] ^= 0x01
        #expect(!Primitives.ed25519Verify(publicKey: h(v.publicKey), message: message, signature: forged))
        #expect(!Primitives.ed25519Verify(publicKey: h(v.publicKey), message: message + [0], signature: h(v.signature)))
    }

    @Test("RFC 5869 A.1–A.3: HKDF-SHA-256 output keying material")
    func hkdf() {
        let okm1 = Primitives.hkdfSHA256(
            inputKeyMaterial: [UInt8](repeating: 0x0B, count: 22), salt: h("000102030405060708090a0b0c"),
            info: h("f0f1f2f3f4f5f6f7f8f9"), length: 42)
        #expect(okm1 == h("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
        let okm2 = Primitives.hkdfSHA256(
            inputKeyMaterial: [UInt8](0x00...0x4F), salt: [UInt8](0x60...0xAF), info: [UInt8](0xB0...0xFF), length: 82)
        #expect(
            okm2
                == h(
                    """
                    b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09\
                    da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87
                    """))
        let okm3 = Primitives.hkdfSHA256(
            inputKeyMaterial: [UInt8](repeating: 0x0B, count: 22), salt: [UInt8](), info: [UInt8](), length: 42)
        #expect(okm3 == h("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"))
    }

    static let hmacVectors: [(key: [UInt8], data: [UInt8], mac: String)] = [
        (
            [UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        ),
        (
            Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        (
            [UInt8](repeating: 0xAA, count: 20), [UInt8](repeating: 0xDD, count: 50),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        ),
        (
            [UInt8](1...25), [UInt8](repeating: 0xCD, count: 50),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
        ),
        (
            [UInt8](repeating: 0xAA, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
        (
            [UInt8](repeating: 0xAA, count: 131),
            Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        ),
    ]

    @Test("RFC 4231 tests 1–4, 6, 7: HMAC-SHA-256, and its constant-time truncated verification", arguments: 0..<6)
    func hmac(vector: Int) {
        let v = Self.hmacVectors[vector]
        let mac = Primitives.hmacSHA256(key: v.key, data: v.data)
        #expect(mac == h(v.mac))
        #expect(Primitives.hmacSHA256Verify(key: v.key, data: v.data, mac: mac))
        #expect(Primitives.hmacSHA256Verify(key: v.key, data: v.data, mac: Array(mac.prefix(8))))
        var wrong = Array(mac.prefix(8))
        wrong[7] ^= 0x80
        #expect(!Primitives.hmacSHA256Verify(key: v.key, data: v.data, mac: wrong))
        #expect(!Primitives.hmacSHA256Verify(key: v.key, data: v.data, mac: []))
        #expect(!Primitives.hmacSHA256Verify(key: v.key, data: v.data, mac: mac + [0]))
    }

    @Test("FIPS 180-2 samples: SHA-256 of \"abc\" and the 448-bit message")
    func sha256() {
        #expect(
            Primitives.sha256(Array("abc".utf8))
                == h("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(
            Primitives.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == h("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
    }

    static let aesKey = h("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
    static let aesPlaintext = h(
        """
        6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
        30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710
        """)

    @Test("SP 800-38A F.2.5 CBC-AES256: four blocks, then one PKCS#7 padding block; round trip")
    func aesCBC() throws {
        let iv = h("000102030405060708090a0b0c0d0e0f")
        let ciphertext = try Primitives.aes256CBCEncrypt(key: Self.aesKey, iv: iv, plaintext: Self.aesPlaintext)
        #expect(ciphertext.count == 80)
        #expect(
            Array(ciphertext.prefix(64))
                == h(
                    """
                    f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d\
                    39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b
                    """))
        #expect(try Primitives.aes256CBCDecrypt(key: Self.aesKey, iv: iv, ciphertext: ciphertext) == Self.aesPlaintext)
        #expect(throws: PrimitiveError.cipherFailed) {
            try Primitives.aes256CBCDecrypt(key: Self.aesKey, iv: iv, ciphertext: ciphertext.prefix(70))
        }
    }

    @Test("SP 800-38A F.5.5 CTR-AES256")
    func aesCTR() throws {
        let out = try Primitives.aes256CTR(
            key: Self.aesKey, counter: h("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), data: Self.aesPlaintext)
        #expect(
            out
                == h(
                    """
                    601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5\
                    2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6
                    """))
    }

    /// The spec appendix's signing key seed (unpadded base64).
    static let specSeed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1"

    @Test("Spec appendix: JSON signing of {} and {\"one\":1,\"two\":\"Two\"} with the appendix seed")
    func specJSONSigning() throws {
        let seed = try #require(UnpaddedBase64.decode(Self.specSeed))
        let empty = try Primitives.ed25519Sign(seed: seed, message: Array("{}".utf8))
        #expect(
            UnpaddedBase64.encode(empty)
                == "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ")
        let values = try Primitives.ed25519Sign(seed: seed, message: Array(#"{"one":1,"two":"Two"}"#.utf8))
        #expect(
            UnpaddedBase64.encode(values)
                == "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw")
    }

    @Test("Spec appendix: the minimal event's content hash (SHA-256) and its signature after redaction")
    func specEventSigning() throws {
        let seed = try #require(UnpaddedBase64.decode(Self.specSeed))
        let unhashed =
            #"{"auth_events":[],"content":{},"depth":3,"origin":"domain","origin_server_ts":1000000,"#
            + #""prev_events":[],"room_id":"!x:domain","sender":"@a:domain","type":"X"}"#
        let hash = UnpaddedBase64.encode(Primitives.sha256(Array(unhashed.utf8)))
        #expect(hash == "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos")
        let redacted =
            #"{"auth_events":[],"content":{},"depth":3,"hashes":{"sha256":"\#(hash)"},"origin":"domain","#
            + #""origin_server_ts":1000000,"prev_events":[],"room_id":"!x:domain","sender":"@a:domain","type":"X"}"#
        let signature = try Primitives.ed25519Sign(seed: seed, message: Array(redacted.utf8))
        #expect(
            UnpaddedBase64.encode(signature)
                == "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg")
    }

    @Test("XChaCha20-Poly1305 seal/open round trip; wrong key, wrong associated data or a flipped bit fail")
    func sealOpen() throws {
        let key = Primitives.randomBytes(32)
        let sealed = try Primitives.seal(key: key, plaintext: Array("secret".utf8), associatedData: Array("ad".utf8))
        #expect(try Primitives.open(key: key, sealed: sealed, associatedData: Array("ad".utf8)) == Array("secret".utf8))
        #expect(throws: PrimitiveError.authenticationFailed) {
            try Primitives.open(key: Primitives.randomBytes(32), sealed: sealed, associatedData: Array("ad".utf8))
        }
        #expect(throws: PrimitiveError.authenticationFailed) {
            try Primitives.open(key: key, sealed: sealed, associatedData: Array("AD".utf8))
        }
        var flipped = sealed
        flipped[30] ^= 1
        #expect(throws: PrimitiveError.authenticationFailed) {
            try Primitives.open(key: key, sealed: flipped, associatedData: Array("ad".utf8))
        }
    }

    @Test("constantTimeEqual: equal, different, different lengths, empty")
    func constantTimeEqual() {
        #expect(Primitives.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Primitives.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Primitives.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(Primitives.constantTimeEqual([], []))
    }
}
