/// The decrypted payload of an Olm event (`definitions/olm_payload.yaml`) and the spec's checks on it.
public import Shared

/// Public signing keys in an Olm payload (`keys`, `recipient_keys`).
public struct OlmSigningKeys: Codable, Sendable, Equatable {
    /// The Ed25519 key, unpadded base64.
    public let ed25519: String

    /// Wraps a key.
    public init(ed25519: Ed25519PublicKey) { self.ed25519 = ed25519.base64 }
}

/// The plaintext inside an `m.olm.v1.curve25519-aes-sha2` ciphertext.
public struct OlmPayload: Codable, Sendable, Equatable {
    /// The type of the wrapped event (e.g. `m.room_key`).
    public let type: String
    /// The wrapped event content.
    public let content: JSONValue
    /// The sender's user id.
    public let sender: String
    /// The intended recipient's user id.
    public let recipient: String
    /// The intended recipient device's Ed25519 key.
    public let recipientKeys: OlmSigningKeys
    /// The sending device's Ed25519 key.
    public let keys: OlmSigningKeys
    /// The sender's device keys (spec v1.15), if included.
    public let senderDeviceKeys: JSONValue?

    /// A payload to encrypt.
    public init(
        type: String, content: JSONValue, sender: String, senderKey: Ed25519PublicKey, recipient: String,
        recipientKey: Ed25519PublicKey, senderDeviceKeys: JSONValue? = nil
    ) {
        self.type = type
        self.content = content
        self.sender = sender
        self.recipient = recipient
        self.recipientKeys = OlmSigningKeys(ed25519: recipientKey)
        self.keys = OlmSigningKeys(ed25519: senderKey)
        self.senderDeviceKeys = senderDeviceKeys
    }

    enum CodingKeys: String, CodingKey {
        case type, content, sender, recipient, keys
        case recipientKeys = "recipient_keys"
        case senderDeviceKeys = "sender_device_keys"
    }
}

/// A payload check of the Client-Server E2EE module that failed: the event must be dropped.
public enum OlmPayloadError: Error, Equatable, Sendable {
    /// `sender` is not the user who sent the to-device event.
    case senderMismatch(eventSender: String, payloadSender: String)
    /// `recipient` is not our user id.
    case recipientMismatch(ourUserID: String, payloadRecipient: String)
    /// `recipient_keys.ed25519` is not our device's Ed25519 key.
    case recipientKeyMismatch(ours: String, payload: String)
    /// `keys.ed25519` is not the Ed25519 key of the device that owns the `sender_key`.
    case senderKeyMismatch(known: String, payload: String)
    /// `sender_device_keys` disagrees with `sender` or `keys.ed25519`.
    case senderDeviceKeysMismatch(field: String)
}

extension OlmPayload {
    /// The checks the spec requires of a decrypted Olm payload: `sender` is the event's sender,
    /// `recipient` is us, `recipient_keys.ed25519` is our key, `keys.ed25519` is the sending device's
    /// key when we know it (from its verified device keys), and `sender_device_keys`, if present, agrees.
    public func check(
        eventSender: String, ourUserID: String, ourEd25519Key: Ed25519PublicKey,
        senderDeviceEd25519Key: Ed25519PublicKey?
    ) throws(OlmPayloadError) {
        guard sender == eventSender else { throw .senderMismatch(eventSender: eventSender, payloadSender: sender) }
        guard recipient == ourUserID else {
            throw .recipientMismatch(ourUserID: ourUserID, payloadRecipient: recipient)
        }
        guard recipientKeys.ed25519 == ourEd25519Key.base64 else {
            throw .recipientKeyMismatch(ours: ourEd25519Key.base64, payload: recipientKeys.ed25519)
        }
        if let known = senderDeviceEd25519Key, known.base64 != keys.ed25519 {
            throw .senderKeyMismatch(known: known.base64, payload: keys.ed25519)
        }
        if let deviceKeys = senderDeviceKeys {
            guard deviceKeys["user_id"]?.stringValue == sender else {
                throw .senderDeviceKeysMismatch(field: "user_id")
            }
            guard let deviceID = deviceKeys["device_id"]?.stringValue,
                deviceKeys["keys"]?["ed25519:\(deviceID)"]?.stringValue == keys.ed25519
            else { throw .senderDeviceKeysMismatch(field: "keys.ed25519") }
        }
    }
}
