/// Side-effect jobs for the worker: the receipt reaction after the first ack, the completion after `done`.
import Foundation
import GRDB

extension QueueStore {
    /// Queues the completion reaction and read receipt for `eventID` (the agent's `done`). Returns false
    /// when a `done` for it was already recorded (nothing new queued); an event id the inbox never stored
    /// is ``QueueError/unknownEvent(eventID:)``.
    @discardableResult
    func markDone(eventID: String, now: Date = Date()) throws -> Bool {
        let createdAt = Self.milliseconds(now)
        return try database.write { db in
            guard
                let seq = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT seq FROM inbox WHERE event_id = ?"), arguments: [eventID])
            else { throw QueueError.unknownEvent(eventID: eventID) }
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO jobs (kind, seq, created_at) VALUES ('done', ?, ?)")
                .execute(arguments: [seq, createdAt])
            return db.changesCount == 1
        }
    }

    /// Up to `limit` jobs not yet completed, oldest first: what the worker still owes (after a restart too).
    func pendingJobs(limit: Int = 256) throws -> [SideEffectJob] {
        try database.unsafeRead { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT jobs.job_id, jobs.kind, jobs.seq, inbox.event_id, inbox.room_id
                        FROM jobs JOIN inbox ON inbox.seq = jobs.seq
                        WHERE jobs.state = 'pending' ORDER BY jobs.job_id LIMIT ?
                        """),
                arguments: [max(0, limit)])
            return try rows.map { row in
                let id: Int64 = try row.decode(forColumn: "job_id")
                guard let kind = SideEffectJob.Kind(rawValue: try row.decode(forColumn: "kind")) else {
                    throw QueueError.corruptContent(table: "jobs", row: "\(id)")
                }
                return SideEffectJob(
                    id: id, kind: kind, seq: try row.decode(forColumn: "seq"),
                    eventID: try row.decode(forColumn: "event_id"), roomID: try row.decode(forColumn: "room_id"),
                    transactionID: self.transactionID(job: id))
            }
        }
    }

    /// Marks job `id` completed (the worker did it); repeating it is harmless. Returns false when it was
    /// already completed; an unknown id is ``QueueError/unknownJob(jobID:)``.
    @discardableResult
    func completeJob(id: Int64, now: Date = Date()) throws -> Bool {
        let completedAt = Self.milliseconds(now)
        return try database.write { db in
            try db.cachedStatement(
                sql: "UPDATE jobs SET state = 'completed', completed_at = ? WHERE job_id = ? AND state = 'pending'"
            ).execute(arguments: [completedAt, id])
            if db.changesCount == 1 { return true }
            guard
                try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM jobs WHERE job_id = ?"), arguments: [id])
                    != nil
            else {
                throw QueueError.unknownJob(jobID: id)
            }
            return false
        }
    }
}
