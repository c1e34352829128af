/// The seam between the runtime and the outbound executor (W2's `OutboundExecutor`), and its one fatal error.
import MatrixClient
import Shared

/// Carries out the supervisor's outbound commands (`send`, `react`, `receipt`, `typing`).
///
/// The runtime calls ``handle(_:)`` for each command, one at a time and in the order received (so
/// sends stay in order per room), and forwards a returned event (an `outcome`) to the supervisor.
protocol OutboundHandling: Sendable {
    /// Carries out `command`; returns the `outcome` to report, or nil (typing). Throws only when the
    /// homeserver said `M_UNKNOWN_TOKEN`: the worker then reports `token_invalid` and exits 77.
    func handle(_ command: SupervisorCommand) async throws(TokenInvalidError) -> WorkerEvent?
}

/// The homeserver answered `M_UNKNOWN_TOKEN`: the worker reports `state token_invalid` and exits with
/// ``WorkerExitCode/tokenInvalid`` so that the supervisor rotates the token.
struct TokenInvalidError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The answer's `soft_logout`: true means a refresh (or a login on the same device) may work.
    let softLogout: Bool
    /// Where and what the server said (never the token).
    let detail: String?

    /// The error; `detail` says where it happened.
    init(softLogout: Bool, detail: String? = nil) {
        self.softLogout = softLogout
        self.detail = detail
    }

    /// The error for `error` when it is `M_UNKNOWN_TOKEN`, else nil.
    init?(_ error: MatrixError) {
        guard case .unknownToken(let softLogout) = error.disposition else { return nil }
        self.init(softLogout: softLogout, detail: error.description)
    }

    /// One line for the log.
    var description: String {
        "the homeserver rejected the access token (soft_logout: \(softLogout))\(detail.map { ": \($0)" } ?? "")"
    }
}
