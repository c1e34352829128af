/// Bodies of `/keys/query` and `/keys/upload`: signed key objects stay raw JSON so signatures can be checked.

/// The answer to `POST /v3/keys/query`.
public struct KeysQueryResponse: Decodable, Sendable {
    /// user id → device id → the signed device keys object, as sent.
    public let deviceKeys: [String: [String: MatrixJSON]]
    /// server name → why it could not be asked.
    public let failures: [String: MatrixJSON]

    enum CodingKeys: String, CodingKey {
        case deviceKeys = "device_keys"
        case failures
    }

    /// Decodes; absent members are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceKeys = try container.decodeIfPresent([String: [String: MatrixJSON]].self, forKey: .deviceKeys) ?? [:]
        failures = try container.decodeIfPresent([String: MatrixJSON].self, forKey: .failures) ?? [:]
    }

    /// The typed keys of one device: nil when the server has none; throws `DecodingError` when malformed.
    public func device(_ deviceId: String, of userId: String) throws -> DeviceKeys? {
        try deviceKeys[userId]?[deviceId].map { try $0.decode(as: DeviceKeys.self) }
    }
}

/// A device's identity keys as the server holds them (`DeviceKeys` in the spec).
public struct DeviceKeys: Decodable, Sendable, Equatable {
    /// The owner.
    public let userId: String
    /// The device.
    public let deviceId: String
    /// Encryption algorithms the device supports.
    public let algorithms: [String]
    /// `curve25519:DEVICE` and `ed25519:DEVICE` → unpadded base64 public key.
    public let keys: [String: String]
    /// user id → `ed25519:DEVICE` → signature.
    public let signatures: [String: [String: String]]

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case deviceId = "device_id"
        case algorithms, keys, signatures
    }

    /// The device's Curve25519 identity key.
    public var curve25519: String? { keys["curve25519:\(deviceId)"] }
    /// The device's Ed25519 fingerprint key.
    public var ed25519: String? { keys["ed25519:\(deviceId)"] }
}

/// The body of `POST /v3/keys/upload`; an empty request just reports the one-time key counts.
public struct KeysUploadRequest: Encodable, Sendable, Equatable {
    /// This device's signed identity keys (upload once).
    public var deviceKeys: MatrixJSON?
    /// `signed_curve25519:ID` → signed one-time key.
    public var oneTimeKeys: [String: MatrixJSON]?
    /// `signed_curve25519:ID` → signed fallback key (marked `"fallback": true`).
    public var fallbackKeys: [String: MatrixJSON]?

    /// An upload.
    public init(
        deviceKeys: MatrixJSON? = nil, oneTimeKeys: [String: MatrixJSON]? = nil,
        fallbackKeys: [String: MatrixJSON]? = nil
    ) {
        self.deviceKeys = deviceKeys
        self.oneTimeKeys = oneTimeKeys
        self.fallbackKeys = fallbackKeys
    }

    enum CodingKeys: String, CodingKey {
        case deviceKeys = "device_keys"
        case oneTimeKeys = "one_time_keys"
        case fallbackKeys = "fallback_keys"
    }
}

/// The answer to `POST /v3/keys/claim`.
public struct KeysClaimResponse: Decodable, Sendable {
    /// user id → device id → `signed_curve25519:ID` → the signed one-time (or fallback) key, as sent.
    public let oneTimeKeys: [String: [String: [String: MatrixJSON]]]
    /// server name → why it could not be asked.
    public let failures: [String: MatrixJSON]

    enum CodingKeys: String, CodingKey {
        case oneTimeKeys = "one_time_keys"
        case failures
    }

    /// Decodes; absent members are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        oneTimeKeys =
            try container.decodeIfPresent([String: [String: [String: MatrixJSON]]].self, forKey: .oneTimeKeys) ?? [:]
        failures = try container.decodeIfPresent([String: MatrixJSON].self, forKey: .failures) ?? [:]
    }
}
