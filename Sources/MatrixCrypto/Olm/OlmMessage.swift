/// Olm's two wire formats (olm.md "The Olm Message Format"): normal messages and pre-key messages.

/// A normal Olm message: version 0x03, ratchet key (tag 0x0A), chain index (0x10), ciphertext (0x22),
/// then an 8-byte truncated HMAC-SHA-256 over everything before it.
public struct OlmNormalMessage: Sendable, Equatable {
    /// The sender's current ratchet key T_i.
    public let ratchetKey: Curve25519PublicKey
    /// The chain index j.
    public let chainIndex: UInt64
    /// The AES-256-CBC ciphertext X_i,j.
    public let ciphertext: [UInt8]
    /// The whole encoded message, including version byte and MAC.
    public let bytes: [UInt8]

    /// The length of the truncated MAC.
    static let macLength = 8

    /// Decodes and checks the structure (the MAC is checked by the session that owns the key).
    public init(decoding bytes: [UInt8]) throws(OlmError) {
        guard let version = bytes.first else { throw .truncated(what: "version byte") }
        guard version == OlmSession.protocolVersion else { throw .unsupportedVersion(version) }
        guard bytes.count >= 1 + Self.macLength else { throw .truncated(what: "MAC") }
        var reader = WireReader(Array(bytes[..<(bytes.count - Self.macLength)]), offset: 1)
        var ratchetKey: Curve25519PublicKey?
        var chainIndex: UInt64?
        var ciphertext: [UInt8]?
        do {
            while !reader.isAtEnd {
                let (tag, value) = try reader.next()
                switch (tag, value) {
                case (1, .bytes(let key)): ratchetKey = Curve25519PublicKey(bytes: key)
                case (2, .varint(let index)): chainIndex = index
                case (4, .bytes(let data)): ciphertext = data
                default: continue  // unknown fields are skipped, as protobuf readers do
                }
            }
        } catch {
            throw .malformedField(error)
        }
        guard let ratchetKey else { throw .missingOrInvalidField(field: "ratchet key") }
        guard let chainIndex else { throw .missingOrInvalidField(field: "chain index") }
        guard let ciphertext else { throw .missingOrInvalidField(field: "ciphertext") }
        self.ratchetKey = ratchetKey
        self.chainIndex = chainIndex
        self.ciphertext = ciphertext
        self.bytes = bytes
    }

    /// Encodes a message and appends the MAC computed with `macKey`.
    init(ratchetKey: Curve25519PublicKey, chainIndex: UInt64, ciphertext: [UInt8], macKey: [UInt8]) {
        var writer = WireWriter(prefix: [OlmSession.protocolVersion])
        writer.field(1, bytes: ratchetKey.bytes)
        writer.field(2, varint: chainIndex)
        writer.field(4, bytes: ciphertext)
        let body = writer.bytes
        self.ratchetKey = ratchetKey
        self.chainIndex = chainIndex
        self.ciphertext = ciphertext
        self.bytes = body + Primitives.hmacSHA256(key: macKey, data: body).prefix(Self.macLength)
    }

    /// Whether the MAC is HMAC-SHA-256(`macKey`, everything before it) truncated to 8 bytes (constant time).
    func hasValidMAC(macKey: [UInt8]) -> Bool {
        let split = bytes.count - Self.macLength
        let expected = Primitives.hmacSHA256(key: macKey, data: bytes[..<split]).prefix(Self.macLength)
        return Primitives.constantTimeEqual(Array(expected), Array(bytes[split...]))
    }
}

/// A pre-key message: version 0x03, Bob's one-time key (0x0A), Alice's base key (0x12), Alice's
/// identity key (0x1A) and an embedded normal message (0x22). It has no MAC of its own.
public struct OlmPreKeyMessage: Sendable, Equatable {
    /// The recipient's one-time (or fallback) key E_B that the sender claimed.
    public let oneTimeKey: Curve25519PublicKey
    /// The sender's single-use base key E_A.
    public let baseKey: Curve25519PublicKey
    /// The sender's identity key I_A.
    public let identityKey: Curve25519PublicKey
    /// The embedded normal message.
    public let message: OlmNormalMessage
    /// The whole encoded pre-key message.
    public let bytes: [UInt8]

    /// Decodes and checks the structure, including the embedded message's.
    public init(decoding bytes: [UInt8]) throws(OlmError) {
        guard let version = bytes.first else { throw .truncated(what: "version byte") }
        guard version == OlmSession.protocolVersion else { throw .unsupportedVersion(version) }
        var reader = WireReader(bytes, offset: 1)
        var fields: [UInt64: [UInt8]] = [:]
        do {
            while !reader.isAtEnd {
                let (tag, value) = try reader.next()
                if case .bytes(let data) = value, (1...4).contains(tag) { fields[tag] = data }
            }
        } catch {
            throw .malformedField(error)
        }
        guard let oneTimeKey = fields[1].flatMap(Curve25519PublicKey.init(bytes:)) else {
            throw .missingOrInvalidField(field: "one-time key")
        }
        guard let baseKey = fields[2].flatMap(Curve25519PublicKey.init(bytes:)) else {
            throw .missingOrInvalidField(field: "base key")
        }
        guard let identityKey = fields[3].flatMap(Curve25519PublicKey.init(bytes:)) else {
            throw .missingOrInvalidField(field: "identity key")
        }
        guard let inner = fields[4] else { throw .missingOrInvalidField(field: "message") }
        self.message = try OlmNormalMessage(decoding: inner)
        self.oneTimeKey = oneTimeKey
        self.baseKey = baseKey
        self.identityKey = identityKey
        self.bytes = bytes
    }

    /// Encodes a pre-key message around `message`.
    init(sessionKeys: OlmSessionKeys, message: OlmNormalMessage) {
        var writer = WireWriter(prefix: [OlmSession.protocolVersion])
        writer.field(1, bytes: sessionKeys.oneTimeKey.bytes)
        writer.field(2, bytes: sessionKeys.baseKey.bytes)
        writer.field(3, bytes: sessionKeys.identityKey.bytes)
        writer.field(4, bytes: message.bytes)
        self.oneTimeKey = sessionKeys.oneTimeKey
        self.baseKey = sessionKeys.baseKey
        self.identityKey = sessionKeys.identityKey
        self.message = message
        self.bytes = writer.bytes
    }

    /// The keys that established the session this message belongs to.
    public var sessionKeys: OlmSessionKeys {
        OlmSessionKeys(identityKey: identityKey, baseKey: baseKey, oneTimeKey: oneTimeKey)
    }
}

/// Either Olm message, as carried in `m.room.encrypted` to-device events (`type` 0 or 1, base64 `body`).
public enum OlmMessage: Sendable, Equatable {
    /// A pre-key message (`type` 0).
    case preKey(OlmPreKeyMessage)
    /// A normal message (`type` 1).
    case normal(OlmNormalMessage)

    /// Decodes the Matrix form: `type` 0 or 1 and the unpadded base64 `body`.
    public init(type: Int, body: String) throws(OlmError) {
        guard let bytes = UnpaddedBase64.decode(body) else { throw .invalidBase64 }
        switch type {
        case 0: self = .preKey(try OlmPreKeyMessage(decoding: bytes))
        case 1: self = .normal(try OlmNormalMessage(decoding: bytes))
        default: throw .unknownMessageType(type)
        }
    }

    /// The Matrix message type: 0 for pre-key, 1 for normal.
    public var messageType: Int {
        if case .preKey = self { return 0 }
        return 1
    }

    /// The encoded bytes.
    public var bytes: [UInt8] {
        switch self {
        case .preKey(let message): message.bytes
        case .normal(let message): message.bytes
        }
    }

    /// The unpadded base64 `body`.
    public var body: String { UnpaddedBase64.encode(bytes) }
}
