/// The seam between the worker runtime and the outbound executor: one command in, at most one event out.
import Shared

/// Executes the outbound commands of the supervisor (`send`, `react`, `receipt`, `typing`).
protocol OutboundHandling {
    /// Executes `command`; returns the `outcome` frame to report, or nil (typing, or a command that is
    /// not outbound). Throws when the access token is rejected: the runtime reports it and exits.
    func handle(_ command: SupervisorCommand) async throws(TokenInvalidError) -> WorkerEvent?
}

/// The homeserver rejected the access token (`M_UNKNOWN_TOKEN`).
struct TokenInvalidError: Error {
    /// `soft_logout` of the error: true → refresh or log in again on the same device.
    let softLogout: Bool
}
