/// The Megolm message format v3: version ‖ protobuf body (index, ciphertext) ‖ 8-byte MAC ‖ Ed25519 signature.

/// One Megolm message, decoded but not yet authenticated.
///
/// Decoding only checks structure; ``InboundGroupSession/decrypt(_:)`` checks the signature over
/// ``signedBytes`` and the MAC over ``macedBytes`` exactly as received (never re-encoded).
public struct MegolmMessage: Sendable, Equatable {
    /// The only version byte of this protocol version.
    public static let version: UInt8 = 3
    /// Bytes of the truncated HMAC-SHA-256.
    public static let macLength = 8
    /// Bytes of the Ed25519 signature.
    public static let signatureLength = 64
    /// Body field tag of the message index (wire tag 0x08).
    static let indexTag: UInt8 = 1
    /// Body field tag of the ciphertext (wire tag 0x12).
    static let ciphertextTag: UInt8 = 2

    /// The ratchet index i the message was encrypted at.
    public let index: UInt32
    /// The AES-256-CBC ciphertext X(i).
    public let ciphertext: [UInt8]
    /// The truncated MAC over ``macedBytes``.
    public let mac: [UInt8]
    /// The signature over ``signedBytes``.
    public let signature: [UInt8]
    /// The whole message as bytes.
    public let bytes: [UInt8]

    /// Version byte and body: what the MAC covers.
    public var macedBytes: ArraySlice<UInt8> { bytes[0..<(bytes.count - Self.macLength - Self.signatureLength)] }
    /// Everything before the signature: what the signature covers.
    public var signedBytes: ArraySlice<UInt8> { bytes[0..<(bytes.count - Self.signatureLength)] }

    /// Decodes the unpadded (or padded) base64 of a message, as found in an event's `ciphertext`.
    public init(base64: String) throws(MegolmError) {
        guard let bytes = UnpaddedBase64.decode(base64) else {
            throw .malformed(what: "Megolm message", reason: "not base64")
        }
        try self.init(bytes: bytes)
    }

    /// Decodes a message; unknown body fields are skipped, a missing index or ciphertext is an error.
    public init(bytes: [UInt8]) throws(MegolmError) {
        let minimum = 1 + Self.macLength + Self.signatureLength
        guard bytes.count > minimum else {
            throw .badLength(what: "Megolm message", expected: minimum + 1, got: bytes.count)
        }
        guard bytes[0] == Self.version else {
            throw .unsupportedVersion(what: "Megolm message", expected: Self.version, got: bytes[0])
        }
        let bodyEnd = bytes.count - Self.macLength - Self.signatureLength
        var reader = WireReader(Array(bytes[1..<bodyEnd]))
        var index: UInt32?
        var ciphertext: [UInt8]?
        do {
            while !reader.isAtEnd {
                let field = try reader.next()
                switch (field.tag, field.value) {
                case (UInt64(Self.indexTag), .varint(let value)):
                    guard let fits = UInt32(exactly: value) else {
                        throw MegolmError.malformed(what: "Megolm message", reason: "index \(value) exceeds 32 bits")
                    }
                    index = fits
                case (UInt64(Self.ciphertextTag), .bytes(let value)):
                    ciphertext = value
                default:
                    continue
                }
            }
        } catch let error as MegolmError {
            throw error
        } catch {
            throw .malformed(what: "Megolm message body", reason: "\(error)")
        }
        guard let index else { throw .malformed(what: "Megolm message", reason: "no message index (tag 0x08)") }
        guard let ciphertext, !ciphertext.isEmpty else {
            throw .malformed(what: "Megolm message", reason: "no ciphertext (tag 0x12)")
        }
        self.index = index
        self.ciphertext = ciphertext
        self.mac = Array(bytes[bodyEnd..<(bodyEnd + Self.macLength)])
        self.signature = Array(bytes[(bodyEnd + Self.macLength)...])
        self.bytes = bytes
    }

    /// Builds, MACs and signs a message (the outbound side).
    init(index: UInt32, ciphertext: [UInt8], hmacKey: [UInt8], signingKey: Ed25519SigningKey) throws {
        var writer = WireWriter(prefix: [Self.version])
        writer.field(Self.indexTag, varint: UInt64(index))
        writer.field(Self.ciphertextTag, bytes: ciphertext)
        var bytes = writer.bytes
        let mac = Array(Primitives.hmacSHA256(key: hmacKey, data: bytes).prefix(Self.macLength))
        bytes += mac
        let signature = try signingKey.sign(bytes)
        bytes += signature
        self.index = index
        self.ciphertext = ciphertext
        self.mac = mac
        self.signature = signature
        self.bytes = bytes
    }

    /// The unpadded base64 form for an event's `ciphertext`.
    public var base64: String { UnpaddedBase64.encode(bytes) }
}
