/// Stands in for the outbound executor until it is plugged in: nothing is dropped, everything is retried later.
import Logging
import Shared

/// Answers `send`, `react` and `receipt` with `retry_later` (the supervisor keeps the rows) and ignores
/// `typing`. Replaced by `OutboundExecutor` in `WorkerMain` once the outbound part is merged.
struct OutboundUnavailable: OutboundHandling {
    /// How long the supervisor should wait before handing a row over again.
    static let retryAfterMS: Int64 = 30_000
    /// Where the one warning per command goes.
    let logger: Logger

    /// `retry_later` for outbox rows, nil for typing.
    func handle(_ command: SupervisorCommand) async throws(TokenInvalidError) -> WorkerEvent? {
        let row: Int64
        switch command {
        case .send(let send): row = send.row
        case .react(let reaction): row = reaction.row
        case .receipt(let receiptRow, _, _): row = receiptRow
        default: return nil
        }
        logger.warning("outbound sending is not part of this worker build; row \(row) stays queued")
        return .outcome(row: row, .retryLater(retryAfterMS: Self.retryAfterMS))
    }
}
