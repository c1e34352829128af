/// The `m.room.encrypted` content of algorithm `m.olm.v1.curve25519-aes-sha2` (to-device Olm events).

/// The content of an Olm-encrypted to-device event: one ciphertext per recipient device's identity key.
public struct OlmEncryptedContent: Codable, Sendable, Equatable {
    /// The algorithm name of Olm events.
    public static let algorithmName = "m.olm.v1.curve25519-aes-sha2"

    /// One ciphertext: the Olm message type (0 pre-key, 1 normal) and its unpadded base64 body.
    public struct Ciphertext: Codable, Sendable, Equatable {
        /// 0 for a pre-key message, 1 for a normal message.
        public let type: Int
        /// The message, unpadded base64.
        public let body: String

        /// Wraps an encrypted message.
        public init(_ message: OlmMessage) {
            type = message.messageType
            body = message.body
        }

        /// Decodes the Olm message.
        public func message() throws(OlmError) -> OlmMessage { try OlmMessage(type: type, body: body) }
    }

    /// Always ``algorithmName``.
    public let algorithm: String
    /// The sender device's Curve25519 identity key, unpadded base64.
    public let senderKey: String
    /// Recipient device identity key (unpadded base64) → ciphertext.
    public let ciphertext: [String: Ciphertext]

    /// Content for one or more recipients.
    public init(senderKey: Curve25519PublicKey, ciphertext: [Curve25519PublicKey: OlmMessage]) {
        algorithm = Self.algorithmName
        self.senderKey = senderKey.base64
        self.ciphertext = Dictionary(uniqueKeysWithValues: ciphertext.map { ($0.key.base64, Ciphertext($0.value)) })
    }

    enum CodingKeys: String, CodingKey {
        case algorithm
        case senderKey = "sender_key"
        case ciphertext
    }
}
