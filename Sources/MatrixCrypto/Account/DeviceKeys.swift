/// Verifying other devices' signed keys: `device_keys` from `/keys/query` and one-time or fallback keys
/// from `/keys/claim`.
public import Shared

/// Why another device's keys were rejected.
public enum DeviceKeysError: Error, Equatable, Sendable {
    /// A required member is absent or of the wrong type (`field` names it).
    case missingField(String)
    /// The object's `user_id` or `device_id` is not the one it was fetched for.
    case identityMismatch(field: String, expected: String, got: String)
    /// A key is not unpadded base64 of 32 bytes (`field` names it).
    case invalidKey(field: String)
    /// The self-signature does not hold.
    case signature(SignedJSONError)
}

/// A device's keys whose self-signature by its own Ed25519 key has been checked.
public struct DeviceKeys: Sendable, Equatable {
    /// The owner.
    public let userID: String
    /// The device.
    public let deviceID: String
    /// Its Curve25519 identity key (the `sender_key` of its Olm messages).
    public let curve25519Key: Curve25519PublicKey
    /// Its Ed25519 fingerprint key.
    public let ed25519Key: Ed25519PublicKey
    /// The algorithms it announces.
    public let algorithms: [String]

    /// Checks a `device_keys` object fetched for `userID`/`deviceID`: ids, keys, and its signature by
    /// its own `ed25519:DEVICE` key.
    public init(verifying object: JSONValue, userID: String, deviceID: String) throws(DeviceKeysError) {
        guard let gotUser = object["user_id"]?.stringValue else { throw .missingField("user_id") }
        guard gotUser == userID else { throw .identityMismatch(field: "user_id", expected: userID, got: gotUser) }
        guard let gotDevice = object["device_id"]?.stringValue else { throw .missingField("device_id") }
        guard gotDevice == deviceID else {
            throw .identityMismatch(field: "device_id", expected: deviceID, got: gotDevice)
        }
        guard let curve = object["keys"]?["curve25519:\(deviceID)"]?.stringValue else {
            throw .missingField("keys.curve25519:\(deviceID)")
        }
        guard let ed = object["keys"]?["ed25519:\(deviceID)"]?.stringValue else {
            throw .missingField("keys.ed25519:\(deviceID)")
        }
        guard let curveKey = Curve25519PublicKey(base64: curve) else { throw .invalidKey(field: "curve25519") }
        guard let edKey = Ed25519PublicKey(base64: ed) else { throw .invalidKey(field: "ed25519") }
        guard case .array(let algorithmValues) = object["algorithms"] else { throw .missingField("algorithms") }
        do {
            try verifySignedJSON(object, userID: userID, keyID: "ed25519:\(deviceID)", publicKey: edKey)
        } catch {
            throw .signature(error)
        }
        self.userID = userID
        self.deviceID = deviceID
        self.curve25519Key = curveKey
        self.ed25519Key = edKey
        self.algorithms = algorithmValues.compactMap(\.stringValue)
    }

    /// Checks a claimed `signed_curve25519` one-time or fallback key object (`{"key": ..., "signatures": ...}`)
    /// against this device's Ed25519 key and returns the key.
    public func verifyOneTimeKey(_ object: JSONValue) throws(DeviceKeysError) -> Curve25519PublicKey {
        guard let encoded = object["key"]?.stringValue else { throw .missingField("key") }
        guard let key = Curve25519PublicKey(base64: encoded) else { throw .invalidKey(field: "key") }
        do {
            try verifySignedJSON(object, userID: userID, keyID: "ed25519:\(deviceID)", publicKey: ed25519Key)
        } catch {
            throw .signature(error)
        }
        return key
    }
}
