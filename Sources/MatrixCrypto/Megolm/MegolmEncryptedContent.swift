/// The `content` of an `m.room.encrypted` event with algorithm `m.megolm.v1.aes-sha2`.

/// `m.megolm.v1.aes-sha2` event content (Client-Server API, E2EE module). `sender_key` and
/// `device_id` are deprecated in the spec but still sent by many clients, so they are optional.
public struct MegolmEncryptedContent: Codable, Sendable, Equatable {
    /// The algorithm name this type carries.
    public static let algorithmName = "m.megolm.v1.aes-sha2"

    /// Always ``algorithmName``.
    public var algorithm: String
    /// The sender's Curve25519 identity key (deprecated; optional).
    public var senderKey: String?
    /// Unpadded base64 of the Megolm message.
    public var ciphertext: String
    /// The Megolm session id.
    public var sessionId: String
    /// The sender's device id (deprecated; optional).
    public var deviceId: String?

    /// Content for `message` of session `sessionId`.
    public init(message: MegolmMessage, sessionId: String, senderKey: String? = nil, deviceId: String? = nil) {
        algorithm = Self.algorithmName
        ciphertext = message.base64
        self.sessionId = sessionId
        self.senderKey = senderKey
        self.deviceId = deviceId
    }

    enum CodingKeys: String, CodingKey {
        case algorithm
        case senderKey = "sender_key"
        case ciphertext
        case sessionId = "session_id"
        case deviceId = "device_id"
    }

    /// Decodes and checks that `algorithm` is ``algorithmName``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = try c.decode(String.self, forKey: .algorithm)
        guard algorithm == Self.algorithmName else {
            throw DecodingError.dataCorruptedError(
                forKey: .algorithm, in: c, debugDescription: "expected \(Self.algorithmName), got \(algorithm)")
        }
        senderKey = try c.decodeIfPresent(String.self, forKey: .senderKey)
        ciphertext = try c.decode(String.self, forKey: .ciphertext)
        sessionId = try c.decode(String.self, forKey: .sessionId)
        deviceId = try c.decodeIfPresent(String.self, forKey: .deviceId)
    }
}
