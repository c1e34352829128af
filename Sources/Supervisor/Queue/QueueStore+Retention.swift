/// Retention: recorded outcomes and acknowledged message bodies are dropped after `outcome_retention_hours`.
import Foundation
import GRDB

/// What one ``QueueStore/pruneOutcomes(now:)`` removed.
struct PruneResult: Equatable, Sendable {
    /// Sent or failed outbox rows deleted: their ids are forgotten, a repeat would be a new request.
    var outcomes: Int
    /// Acknowledged inbox messages whose sealed content was dropped; their event id and seq stay, so a
    /// replayed event is still recognised and `done` still works.
    var messageBodies: Int
}

extension QueueStore {
    /// Deletes outcomes recorded more than `outcomeRetentionHours` before `now` and drops the content of
    /// acknowledged messages received before then. Pending requests and unacknowledged messages are never touched.
    @discardableResult
    func pruneOutcomes(now: Date = Date()) throws -> PruneResult {
        let cutoff = Self.milliseconds(now) - Int64(outcomeRetentionHours) * 3_600_000
        return try database.write { db in
            try db.cachedStatement(sql: "DELETE FROM outbox WHERE state <> 'pending' AND finished_at < ?").execute(
                arguments: [cutoff])
            let outcomes = db.changesCount
            try db.cachedStatement(
                sql: """
                    UPDATE inbox SET content = NULL
                    WHERE content IS NOT NULL AND received_at < ?
                      AND seq <= (SELECT value FROM meta WHERE name = 'last_acked_seq')
                    """
            ).execute(arguments: [cutoff])
            return PruneResult(outcomes: outcomes, messageBodies: db.changesCount)
        }
    }
}
