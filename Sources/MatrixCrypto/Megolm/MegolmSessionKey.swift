/// The two ways a Megolm ratchet travels: the signed session-sharing format (v2) and the export format (v1).

/// A Megolm session key: version ‖ index (u32 big-endian) ‖ R(i,0..3) ‖ Ed25519 public key, and for
/// the sharing format (v2) an Ed25519 signature over all of that by the session's own key.
public struct MegolmSessionKey: Sendable, Equatable {
    /// The format of a session key.
    public enum Format: UInt8, Sendable {
        /// Session export format: no signature (165 bytes). Used for forwarded keys and backups.
        case export = 1
        /// Session sharing format: signed (229 bytes). Used in `m.room_key`.
        case sharing = 2

        /// The encoded length.
        public var length: Int { self == .export ? 165 : 229 }
    }

    /// Which format this is.
    public let format: Format
    /// The ratchet at the key's index.
    public let ratchet: MegolmRatchet
    /// The session's Ed25519 public key, whose base64 is the session id.
    public let signingPublicKey: [UInt8]

    /// The Ed25519 signature of a sharing key (empty for an export).
    public private(set) var signature: [UInt8] = []

    /// The session id: unpadded base64 of the Ed25519 public key.
    public var sessionId: String { UnpaddedBase64.encode(signingPublicKey) }

    /// Decodes `base64` in the given format; a v2 key's signature is checked.
    public init(base64: String, format: Format) throws(MegolmError) {
        guard let bytes = UnpaddedBase64.decode(base64) else {
            throw .malformed(what: "Megolm session key", reason: "not base64")
        }
        try self.init(bytes: bytes, format: format)
    }

    /// Decodes `bytes` in the given format; a v2 key's signature is checked.
    public init(bytes: [UInt8], format: Format) throws(MegolmError) {
        let what = format == .sharing ? "Megolm session key (v2)" : "Megolm session export (v1)"
        guard let version = bytes.first else { throw .badLength(what: what, expected: format.length, got: 0) }
        guard version == format.rawValue else {
            throw .unsupportedVersion(what: what, expected: format.rawValue, got: version)
        }
        guard bytes.count == format.length else {
            throw .badLength(what: what, expected: format.length, got: bytes.count)
        }
        let index = bytes[1..<5].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let publicKey = Array(bytes[133..<165])
        if format == .sharing {
            let signature = Array(bytes[165..<229])
            guard Primitives.ed25519Verify(publicKey: publicKey, message: bytes[0..<165], signature: signature) else {
                throw .badSignature(what: what)
            }
            self.signature = signature
        }
        self.format = format
        self.ratchet = try MegolmRatchet(index: index, value: SecretBytes(Array(bytes[5..<133])))
        self.signingPublicKey = publicKey
    }

    /// An unsigned export (v1) of `ratchet`.
    init(exporting ratchet: MegolmRatchet, signingPublicKey: [UInt8]) {
        self.format = .export
        self.ratchet = ratchet
        self.signingPublicKey = signingPublicKey
    }

    /// A signed sharing key (v2) of `ratchet`, signed with the session's secret key.
    init(sharing ratchet: MegolmRatchet, signingPublicKey: [UInt8], signingKey: Ed25519SigningKey) throws {
        self.format = .sharing
        self.ratchet = ratchet
        self.signingPublicKey = signingPublicKey
        signature = try signingKey.sign(Self.unsignedBytes(.sharing, ratchet, signingPublicKey))
    }

    private static func unsignedBytes(_ format: Format, _ ratchet: MegolmRatchet, _ publicKey: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [format.rawValue]
        out.reserveCapacity(format.length)
        withUnsafeBytes(of: ratchet.index.bigEndian) { out.append(contentsOf: $0) }
        out += ratchet.value.bytes
        out += publicKey
        return out
    }

    /// The encoded key (contains the ratchet: a secret; wipe it after use).
    public var bytes: [UInt8] {
        var out = Self.unsignedBytes(format, ratchet, signingPublicKey)
        if format == .sharing { out += signature }
        return out
    }

    /// The unpadded base64 of ``bytes``, as in `m.room_key` `session_key`.
    public var base64: String {
        var raw = bytes
        defer { Primitives.wipe(&raw) }
        return UnpaddedBase64.encode(raw)
    }
}
