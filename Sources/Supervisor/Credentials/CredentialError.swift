/// Why no usable access token could be found, and what the operator does about it.
import MatrixClient

/// A failure of the credential manager; every case says what went wrong and the fix. Never contains a token.
enum CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The token belongs to another device than the one whose keys the state directory holds.
    case otherDevice(tokenDevice: String, boundDevice: String, stateDirectory: String)
    /// The token belongs to another user than the one the state directory is bound to.
    case otherUser(tokenUser: String, boundUser: String, stateDirectory: String)
    /// whoami gave no device (an appservice token) and the config names none.
    case noDevice(userID: String)
    /// The homeserver refused the token (`M_UNKNOWN_TOKEN`); `origin` says which token.
    case tokenRejected(origin: Credentials.Origin, softLogout: Bool, reason: String)
    /// The token was refused earlier in this run and is not tried again.
    case alreadyRejected(origin: Credentials.Origin)
    /// There is no refresh token for the current config token.
    case noRefreshToken
    /// `/refresh` refused the refresh token (spent: 403, unknown: 401).
    case refreshRejected(reason: String)
    /// The homeserver could not be asked and the ids are unknown (no binding, no config hints).
    case unreachable(homeserver: String, reason: String)
    /// Another homeserver answer (a 4xx other than an unknown token, a malformed body).
    case homeserver(reason: String)
    /// The state store could not be read or written.
    case store(reason: String)

    /// What happened and the fix.
    var description: String {
        switch self {
        case .otherDevice(let tokenDevice, let boundDevice, let stateDirectory):
            "this token belongs to device \(tokenDevice) but the store holds the keys of device \(boundDevice): "
                + "log in again with device_id = \(boundDevice) (`prx-matrix login`), or move the state dir "
                + "\(stateDirectory) away to start a new device"
        case .otherUser(let tokenUser, let boundUser, let stateDirectory):
            "this token belongs to \(tokenUser) but the state dir \(stateDirectory) belongs to \(boundUser): "
                + "use a token of \(boundUser) (`prx-matrix login --user \(boundUser)`), or move the state dir away"
        case .noDevice(let userID):
            "whoami gave no device id for \(userID) and the config has none: set device_id in [channels_config.matrix]"
        case .tokenRejected(let origin, let softLogout, let reason):
            "the homeserver refused the access token from \(Self.name(of: origin))\(softLogout ? " (expired)" : " (revoked or unknown)"): "
                + "\(reason); set a new access_token in the config or run `prx-matrix login`, then send SIGHUP"
        case .alreadyRejected(let origin):
            "the access token from \(Self.name(of: origin)) was already refused by the homeserver and is not tried again: "
                + "set a new access_token in the config or run `prx-matrix login`, then send SIGHUP"
        case .noRefreshToken:
            "no refresh token is stored for this access token: run `prx-matrix login` to get one, or set a new access_token"
        case .refreshRejected(let reason):
            "the homeserver refused the refresh token (\(reason)): run `prx-matrix login` or set a new access_token, then send SIGHUP"
        case .unreachable(let homeserver, let reason):
            "cannot ask \(homeserver) who the token belongs to (\(reason)) and neither the config (user_id, device_id) "
                + "nor the state dir names the device: start again when the homeserver is reachable, or set user_id and device_id"
        case .homeserver(let reason):
            "the homeserver answered unexpectedly: \(reason)"
        case .store(let reason):
            "the state store could not be read or written: \(reason)"
        }
    }

    private static func name(of origin: Credentials.Origin) -> String {
        switch origin {
        case .config: "the config"
        case .login: "`prx-matrix login`"
        case .refresh: "the last /refresh"
        }
    }
}
