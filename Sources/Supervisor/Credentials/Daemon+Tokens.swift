/// Token rotation in the daemon: refresh, re-read the config, or wait in `token_expired` for the operator.
import Foundation
import Logging
import Shared

extension Daemon {
    /// The worker exited because the homeserver refused its token (docs/TOKENS.md): with `softLogout`
    /// and a refresh token, `/refresh` and restart; otherwise re-read the config (a new token: verify,
    /// restart); otherwise wait in `token_expired` for SIGHUP or a change of the config's files.
    func workerTokenRejected(softLogout: Bool) async {
        guard let tokens else { return }
        await tokens.credentials.markRejected(workerSettings.accessToken)
        if softLogout {
            do {
                let refreshed = try await tokens.credentials.refresh(config: config)
                await restartWorker(with: refreshed, because: "the access token was refreshed")
                return
            } catch .noRefreshToken {
                logger.notice("the token expired and no refresh token is stored; re-reading the config")
            } catch {
                logger.warning("refreshing the access token failed: \(error); re-reading the config")
                if case .unreachable = error {
                    await waitForToken(softLogout: softLogout, reason: error.description, retry: true)
                    return
                }
            }
        }
        await tryConfigToken(softLogout: softLogout)
    }

    /// Re-reads the config from disk and applies it like SIGHUP; a new, verified token restarts the worker.
    func tryConfigToken(softLogout: Bool) async {
        guard let tokens else { return }
        let loaded: LoadedConfig
        do {
            loaded = try tokens.loadConfig()
        } catch {
            for diagnostic in error.diagnostics { logger.error("\(diagnostic)") }
            await waitForToken(softLogout: softLogout, reason: "the config is invalid; fix it", retry: false)
            return
        }
        for warning in loaded.warnings { logger.warning("\(warning)") }
        config = loaded.config
        rooms = RoomDirectory(config: loaded.config)
        do {
            let credentials = try await tokens.credentials.verify(config: loaded.config)
            await restartWorker(with: credentials, because: "a new access token was found")
        } catch {
            logger.error("no usable access token: \(error)")
            if case .unreachable = error {
                await waitForToken(softLogout: softLogout, reason: error.description, retry: true)
            } else {
                await waitForToken(softLogout: softLogout, reason: error.description, retry: false)
            }
        }
    }

    /// Starts a worker with `credentials` (the settings the daemon reports from now on).
    private func restartWorker(with credentials: Credentials, because reason: String) async {
        let settings: WorkerSettings
        do {
            settings = try await WorkerSettings.make(config: config, store: store, credentials: credentials)
        } catch {
            logger.error("cannot build the worker's settings: \(error)")
            await waitForToken(softLogout: false, reason: "the state store failed: \(error)", retry: true)
            return
        }
        identity = (credentials.userID, credentials.deviceID)
        workerSettings = settings
        logger.notice("\(reason): restarting the worker as \(credentials)")
        await worker.restart(with: settings)
    }

    /// `token_expired` with `reason` (which says how to provide a token) until a worker connects again.
    private func waitForToken(softLogout: Bool, reason: String, retry: Bool) async {
        guard let tokens, !inputs.stopping else { return }
        inputs.worker = WorkerStatus(
            phase: .tokenInvalid(softLogout: softLogout),
            detail: "waiting for a new access token (\(reason)); requests are still accepted and queued")
        updateStatus()
        logger.notice("waiting for a new access token: SIGHUP or a change of the config's files tries again")
        await tokens.wait(for: config, retry: retry) { [weak self] in
            await self?.tryConfigToken(softLogout: softLogout)
        }
    }

    /// A worker connected: any wait for a token is over.
    func tokenWaitEnded() async {
        await tokens?.endWait()
    }
}
