/// Which access token the worker gets, whether it is still good, and which device the state dir is bound to.
import Foundation
import Logging
import MatrixClient
import Shared

/// Owns the bot's session: the config's token or newer ones from `prx-matrix login` or `/refresh`
/// (sealed in the queue's secrets), verified with whoami and bound to one device (docs/TOKENS.md).
///
/// - The current token is the config's, unless tokens stored for the same config token (SHA-256
///   fingerprint) exist: a new token in the config wins again.
/// - whoami gives the user and device (its answer wins over the config's hints; a difference is a warning).
/// - The first successful whoami binds the state dir to (user, device); a token of another device or
///   user is refused: the crypto store holds that device's keys.
/// - A token the homeserver refused is never tried again in this run (no tight loop on a dead token).
actor CredentialManager {
    let store: QueueStore
    let stateDirectory: String
    let logger: Logger
    /// How whoami and `/refresh` reach the homeserver: libcurl in this process unless another is given
    /// (`run` uses ``HTTPHelperTransport``, so that the daemon never maps libcurl).
    let transport: (any HTTPTransport)?
    /// Fingerprints of tokens the homeserver refused in this run.
    private var rejected: Set<String> = []

    /// A manager over the secrets of `store` (in `stateDirectory`), its requests through `transport`.
    init(store: QueueStore, stateDirectory: String, transport: (any HTTPTransport)? = nil, logger: Logger) {
        self.store = store
        self.stateDirectory = stateDirectory
        self.transport = transport
        self.logger = logger
    }

    /// The token to use with `config` and where it came from; a stored session for another config token is dropped.
    func candidate(for config: MatrixConfig) async throws(CredentialError) -> (
        token: String, origin: Credentials.Origin
    ) {
        guard let session = try await session() else { return (config.accessToken.value, .config) }
        if session.configFingerprint == Credentials.fingerprint(of: config.accessToken.value) {
            return (session.accessToken, session.origin)
        }
        logger.notice(
            "the config's access_token changed: the tokens stored by `prx-matrix login` or /refresh are dropped")
        _ = try await storeCall { try $0.removeSecret(name: StoredSession.secretName) }
        return (config.accessToken.value, .config)
    }

    /// The credentials for `config`, checked with whoami and against the device binding. When the
    /// homeserver cannot be reached, the binding or the config's user_id/device_id stand in (unverified).
    /// An expired stored token is refreshed first when a refresh token is stored.
    func verify(config: MatrixConfig) async throws(CredentialError) -> Credentials {
        let (token, origin) = try await candidate(for: config)
        guard !rejected.contains(Credentials.fingerprint(of: token)) else { throw .alreadyRejected(origin: origin) }
        let client = MatrixHTTPClient(
            homeserver: config.homeserver, accessToken: token, requestTimeout: .seconds(10), transport: transport,
            logger: logger)
        let answer: WhoAmIResponse
        do {
            answer = try await client.whoami()
        } catch let error as MatrixError {
            switch error.disposition {
            case .unknownToken(let softLogout):
                if softLogout, origin != .config, try await session()?.refreshToken != nil {
                    logger.notice("the stored access token expired; refreshing it")
                    return try await refresh(config: config)
                }
                markRejected(token)
                throw .tokenRejected(origin: origin, softLogout: softLogout, reason: error.serverReason ?? "\(error)")
            case .transient, .rateLimited:
                return try await unverified(config: config, token: token, origin: origin, reason: error.description)
            case .permanent:
                throw .homeserver(reason: error.description)
            }
        } catch {
            throw .homeserver(reason: "\(error)")
        }
        guard let deviceID = answer.deviceId ?? config.deviceID else { throw .noDevice(userID: answer.userId) }
        if let hint = config.userID?.rawValue, hint != answer.userId {
            logger.warning(
                "user_id in the config is \(hint) but the token belongs to \(answer.userId); using \(answer.userId)")
        }
        if let hint = config.deviceID, hint != deviceID {
            logger.warning(
                "device_id in the config is \(hint) but the token belongs to device \(deviceID); using \(deviceID)")
        }
        try await bind(userID: answer.userId, deviceID: deviceID)
        return Credentials(
            accessToken: token, userID: answer.userId, deviceID: deviceID, origin: origin, verified: true)
    }

    /// Remembers that the homeserver refused `token`: it is not tried again in this run.
    func markRejected(_ token: String) {
        rejected.insert(Credentials.fingerprint(of: token))
    }

    /// The stored session, if any.
    func session() async throws(CredentialError) -> StoredSession? {
        try await storeCall { try await $0.decodedSecret(StoredSession.secretName, as: StoredSession.self) }
    }

    /// The device binding, if the state dir has one.
    func binding() async throws(CredentialError) -> DeviceBinding? {
        try await storeCall { try await $0.decodedSecret(DeviceBinding.secretName, as: DeviceBinding.self) }
    }

    /// Checks (user, device) against the binding and binds the state dir when it has none yet.
    func bind(userID: String, deviceID: String) async throws(CredentialError) {
        if let bound = try await binding() {
            guard bound.userID == userID else {
                throw .otherUser(tokenUser: userID, boundUser: bound.userID, stateDirectory: stateDirectory)
            }
            guard bound.deviceID == deviceID else {
                throw .otherDevice(tokenDevice: deviceID, boundDevice: bound.deviceID, stateDirectory: stateDirectory)
            }
            return
        }
        try await storeCall {
            try await $0.setEncodedSecret(DeviceBinding.secretName, DeviceBinding(userID: userID, deviceID: deviceID))
        }
        logger.notice("the state dir \(stateDirectory) is now bound to \(userID) device \(deviceID)")
    }

    /// Credentials without whoami: the binding, else the config's user_id and device_id.
    private func unverified(
        config: MatrixConfig, token: String, origin: Credentials.Origin, reason: String
    ) async throws(CredentialError) -> Credentials {
        let bound = try await binding()
        guard let userID = bound?.userID ?? config.userID?.rawValue, let deviceID = bound?.deviceID ?? config.deviceID
        else {
            throw .unreachable(homeserver: config.homeserver.absoluteString, reason: reason)
        }
        logger.warning(
            "cannot verify the access token now (\(reason)); using \(userID) device \(deviceID) until the worker connects"
        )
        return Credentials(accessToken: token, userID: userID, deviceID: deviceID, origin: origin, verified: false)
    }

    /// Runs a store operation, turning its failure into ``CredentialError/store(reason:)``.
    func storeCall<Value>(_ body: (QueueStore) async throws -> Value) async throws(CredentialError) -> Value {
        do {
            return try await body(store)
        } catch {
            throw .store(reason: "\(error)")
        }
    }
}
