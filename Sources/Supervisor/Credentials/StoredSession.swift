/// What the credential manager keeps sealed in the queue's secrets: the session tokens and the device binding.
import Foundation

/// Tokens from `prx-matrix login` or `/refresh`, valid while the config's own token is unchanged.
struct StoredSession: Codable, Sendable, Equatable {
    /// The queue secret holding this JSON.
    static let secretName = "matrix_session"

    /// SHA-256 (hex) of the config's access token when these tokens were stored: a new config token wins.
    var configFingerprint: String
    /// The user the tokens belong to.
    var userID: String
    /// The device the tokens belong to.
    var deviceID: String
    /// The access token.
    var accessToken: String
    /// The refresh token, when the server issued one.
    var refreshToken: String?
    /// When the access token expires (ms since 1970), when it does.
    var expiresAtMS: Int64?
    /// `login` or `refresh`.
    var origin: Credentials.Origin

    enum CodingKeys: String, CodingKey {
        case configFingerprint = "config_fingerprint"
        case userID = "user_id"
        case deviceID = "device_id"
        case accessToken = "access_token"
        case refreshToken = "refresh_token"
        case expiresAtMS = "expires_at_ms"
        case origin
    }
}

/// The (user, device) whose E2EE keys the state directory holds: set by the first successful whoami.
struct DeviceBinding: Codable, Sendable, Equatable {
    /// The queue secret holding this JSON.
    static let secretName = "device_binding"

    /// The bound user.
    var userID: String
    /// The bound device.
    var deviceID: String

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case deviceID = "device_id"
    }
}

extension QueueStore {
    /// The JSON value of secret `name`, or nil when there is none.
    func decodedSecret<Value: Decodable>(_ name: String, as type: Value.Type) async throws -> Value? {
        guard let data = try secret(name: name) else { return nil }
        return try JSONDecoder().decode(Value.self, from: data)
    }

    /// Stores `value` as JSON under secret `name`.
    func setEncodedSecret(_ name: String, _ value: some Encodable) async throws {
        try setSecret(name: name, value: JSONEncoder().encode(value))
    }
}
