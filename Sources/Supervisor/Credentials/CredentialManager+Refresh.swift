/// Refreshing the access token with the stored refresh token, and storing the tokens of a login.
import Foundation
import Logging
import MatrixClient
import Shared

extension CredentialManager {
    /// `POST /refresh` with the stored refresh token; stores the new tokens (sealed) and verifies them.
    /// A refused refresh token (403 spent, 401 unknown) is forgotten: only a login or a new config token helps.
    func refresh(config: MatrixConfig) async throws(CredentialError) -> Credentials {
        let fingerprint = Credentials.fingerprint(of: config.accessToken.value)
        guard var session = try await session(), session.configFingerprint == fingerprint,
            let refreshToken = session.refreshToken
        else { throw .noRefreshToken }
        let client = MatrixHTTPClient(
            homeserver: config.homeserver, requestTimeout: .seconds(10), transport: transport, logger: logger)
        let answer: RefreshResponse
        do {
            answer = try await client.refresh(MatrixSecret(refreshToken))
        } catch let error as MatrixError {
            if error.isTransient || error.isRateLimited {
                throw .unreachable(homeserver: config.homeserver.absoluteString, reason: error.description)
            }
            markRejected(session.accessToken)
            session.refreshToken = nil
            try await storeCall { try await $0.setEncodedSecret(StoredSession.secretName, session) }
            throw .refreshRejected(reason: error.serverReason ?? error.description)
        } catch {
            throw .homeserver(reason: "\(error)")
        }
        markRejected(session.accessToken)
        session.accessToken = answer.accessToken.value
        session.refreshToken = answer.refreshToken?.value ?? refreshToken
        session.expiresAtMS = answer.expiresInMs.map { Self.nowMS() + Int64($0) }
        session.origin = .refresh
        try await storeCall { try await $0.setEncodedSecret(StoredSession.secretName, session) }
        let expiry = answer.expiresInMs.map { "; it expires in \($0 / 1000) s" } ?? ""
        logger.notice("refreshed the access token of \(session.userID) device \(session.deviceID)\(expiry)")
        return try await verify(config: config)
    }

    /// Stores the tokens of a password login (sealed), after checking its user and device against the binding.
    func storeLogin(_ login: LoginResponse, config: MatrixConfig) async throws(CredentialError) -> Credentials {
        try await bind(userID: login.userId, deviceID: login.deviceId)
        let session = StoredSession(
            configFingerprint: Credentials.fingerprint(of: config.accessToken.value), userID: login.userId,
            deviceID: login.deviceId, accessToken: login.accessToken.value, refreshToken: login.refreshToken?.value,
            expiresAtMS: login.expiresInMs.map { Self.nowMS() + Int64($0) }, origin: .login)
        try await storeCall { try await $0.setEncodedSecret(StoredSession.secretName, session) }
        return Credentials(
            accessToken: session.accessToken, userID: login.userId, deviceID: login.deviceId, origin: .login,
            verified: true)
    }

    static func nowMS() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

extension CredentialManager {
    /// The credentials `run` starts the worker with: verified when possible. A refused token still
    /// starts the worker with the known ids (the worker reports it, and the daemon then rotates or waits
    /// in `token_expired`); another device, no device, or no ids at all are errors.
    func startupCredentials(config: MatrixConfig) async throws(CredentialError) -> Credentials {
        do {
            return try await verify(config: config)
        } catch .tokenRejected(let origin, _, let reason) {
            logger.error(
                "the homeserver refused the access token from \(origin.rawValue) (\(reason)); the worker will report it"
            )
            let bound = try await binding()
            guard let userID = bound?.userID ?? config.userID?.rawValue,
                let deviceID = bound?.deviceID ?? config.deviceID
            else {
                throw .tokenRejected(origin: origin, softLogout: false, reason: reason)
            }
            let (token, _) = try await candidate(for: config)
            return Credentials(accessToken: token, userID: userID, deviceID: deviceID, origin: origin, verified: false)
        }
    }
}
