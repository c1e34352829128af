/// `prx-matrix doctor`'s checks: config, homeserver, token and device, rooms, state dir, keys, daemon.
import Foundation
import Logging
import MatrixClient
import Shared

/// Runs every check once, each within ``timeout``. Read-only towards the homeserver: it never syncs,
/// never sends, never logs out, never refreshes a token (the daemon's tokens stay as they are).
struct Doctor: Sendable {
    /// The limit of each check (PRX's doctor uses 10 s).
    var timeout: Duration = .seconds(10)
    let logger: Logger

    /// A check that did not finish within the timeout.
    struct TimedOut: Error, CustomStringConvertible {
        let limit: Duration
        var description: String { "no answer within \(limit)" }
    }

    /// Every check for `config`, in order; checks that need an earlier one (a reachable homeserver, a
    /// valid token) are left out when it failed.
    func run(config: MatrixConfig) async -> DoctorReport {
        var report = DoctorReport()
        report.checks.append(.healthy("config", "\(config.files.joined(separator: ", ")) is valid"))
        let local = await localState(config: config)
        report.checks.append(local.check)
        let client = MatrixHTTPClient(homeserver: config.homeserver, requestTimeout: timeout, logger: logger)
        let reachable = await homeserver(client)
        report.checks.append(reachable)
        if reachable.outcome == .healthy,
            let identity = await token(config: config, client: client, stored: local, into: &report)
        {
            report.checks += await rooms(config: config, client: client)
            report.checks += await deviceKeys(
                client: client, userID: identity.userID, deviceID: identity.deviceID, local: local)
        }
        report.checks.append(await daemon(config: config))
        return report
    }

    /// `body` within ``timeout``; a late one throws ``TimedOut`` (and is cancelled).
    func limited<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let limit = timeout
        return try await withThrowingTaskGroup(of: Value.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw TimedOut(limit: limit)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw TimedOut(limit: limit) }
            return first
        }
    }

    /// `GET /versions`.
    func homeserver(_ client: MatrixHTTPClient) async -> DoctorCheck {
        let url = client.homeserver.absoluteString
        do {
            let versions = try await limited { try await client.versions() }
            return .healthy("homeserver", "\(url) answers (spec \(versions.versions.last ?? "unknown"))")
        } catch MatrixError.transport(let failure) where failure.kind == .unavailable {
            return .unhealthy(
                "homeserver", "no request to \(url) can be made: \(failure.detail ?? failure.kind.rawValue)",
                fix: TransportFailure.libcurlFix)
        } catch {
            return .unhealthy(
                "homeserver", "\(url) is unreachable: \(error)",
                fix:
                    "check `homeserver` in [channels_config.matrix], that the server runs, and the network (DNS, TLS, proxy)"
            )
        }
    }

    /// A running daemon and its state, asked over the agent socket as an observer.
    func daemon(config: MatrixConfig) async -> DoctorCheck {
        let report: DaemonReport
        do {
            report = try await limited { try await StatusClient.ask(path: config.socketPath) }
        } catch {
            return .warning(
                "daemon", "no daemon answers on \(config.socketPath)",
                fix: "start it with `prx-matrix run` (or its systemd unit)")
        }
        let state = report.state.rawValue + (report.detail.map { " (\($0))" } ?? "")
        switch report.state {
        case .syncing:
            return .healthy("daemon", "running: \(state)")
        case .tokenExpired:
            return .unhealthy(
                "daemon", "running but waiting for a token: \(state)",
                fix: "set a new access_token in the config or run `prx-matrix login`, then send SIGHUP")
        case .starting, .reconnecting, .stopping:
            return .warning("daemon", "running: \(state)", fix: "see the daemon's log if this lasts")
        }
    }
}
