/// Request and response bodies of versions, whoami, login and refresh.

/// `GET /_matrix/client/versions`.
public struct VersionsResponse: Decodable, Sendable, Equatable {
    /// Spec versions the server supports, e.g. `v1.11`.
    public let versions: [String]
    /// Unstable features and whether they are enabled.
    public let unstableFeatures: [String: Bool]

    enum CodingKeys: String, CodingKey {
        case versions
        case unstableFeatures = "unstable_features"
    }

    /// Decodes, treating a missing `unstable_features` as empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        versions = try container.decode([String].self, forKey: .versions)
        unstableFeatures = try container.decodeIfPresent([String: Bool].self, forKey: .unstableFeatures) ?? [:]
    }
}

/// `GET /v3/account/whoami`.
public struct WhoAmIResponse: Decodable, Sendable, Equatable {
    /// The token's user.
    public let userId: String
    /// The token's device (absent for appservice tokens).
    public let deviceId: String?

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case deviceId = "device_id"
    }
}

/// `POST /v3/login` with `m.login.password` and an `m.id.user` identifier.
public struct PasswordLoginRequest: Encodable, Sendable, CustomStringConvertible {
    /// The localpart or full user id.
    public let user: String
    /// The password.
    public let password: MatrixSecret
    /// The device to log in as: an existing id keeps the device (and its E2EE identity).
    public let deviceId: String?
    /// `initial_device_display_name` for a new device.
    public let initialDeviceDisplayName: String?
    /// Ask for a refresh token (`refresh_token: true`).
    public let refreshToken: Bool

    /// A password login.
    public init(
        user: String, password: MatrixSecret, deviceId: String? = nil, initialDeviceDisplayName: String? = nil,
        refreshToken: Bool = true
    ) {
        self.user = user
        self.password = password
        self.deviceId = deviceId
        self.initialDeviceDisplayName = initialDeviceDisplayName
        self.refreshToken = refreshToken
    }

    /// The user and device; never the password.
    public var description: String { "PasswordLoginRequest(user: \(user), device: \(deviceId ?? "new"))" }

    enum CodingKeys: String, CodingKey {
        case type, identifier, password
        case deviceId = "device_id"
        case initialDeviceDisplayName = "initial_device_display_name"
        case refreshToken = "refresh_token"
    }

    private struct Identifier: Encodable {
        let type = "m.id.user"
        let user: String
    }

    /// Encodes the spec's body.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("m.login.password", forKey: .type)
        try container.encode(Identifier(user: user), forKey: .identifier)
        try container.encode(password, forKey: .password)
        try container.encodeIfPresent(deviceId, forKey: .deviceId)
        try container.encodeIfPresent(initialDeviceDisplayName, forKey: .initialDeviceDisplayName)
        try container.encode(refreshToken, forKey: .refreshToken)
    }
}

/// The answer to a login: who, which device, and the new tokens.
public struct LoginResponse: Decodable, Sendable, Equatable, CustomStringConvertible {
    /// The logged-in user.
    public let userId: String
    /// The new access token.
    public let accessToken: MatrixSecret
    /// The device logged in as.
    public let deviceId: String
    /// A refresh token, when one was asked for and the server issues them.
    public let refreshToken: MatrixSecret?
    /// The access token's lifetime, when it expires.
    public let expiresInMs: Int?

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case accessToken = "access_token"
        case deviceId = "device_id"
        case refreshToken = "refresh_token"
        case expiresInMs = "expires_in_ms"
    }

    /// User, device and expiry; tokens redacted.
    public var description: String {
        "LoginResponse(user: \(userId), device: \(deviceId), refresh token: \(refreshToken == nil ? "no" : "yes"), expires in ms: \(expiresInMs.map(String.init) ?? "never"))"
    }
}

/// The answer to `POST /v3/refresh`.
public struct RefreshResponse: Decodable, Sendable, Equatable, CustomStringConvertible {
    /// The new access token.
    public let accessToken: MatrixSecret
    /// The next refresh token; nil means keep using the old one.
    public let refreshToken: MatrixSecret?
    /// The new access token's lifetime.
    public let expiresInMs: Int?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case expiresInMs = "expires_in_ms"
    }

    /// Expiry only; tokens redacted.
    public var description: String {
        "RefreshResponse(new refresh token: \(refreshToken == nil ? "no" : "yes"), expires in ms: \(expiresInMs.map(String.init) ?? "never"))"
    }
}
