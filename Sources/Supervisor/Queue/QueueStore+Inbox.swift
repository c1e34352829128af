/// The inbox: the worker's batches in (one transaction each), delivery by seq, the agent's cumulative ack.
import Foundation
import GRDB
import Shared

extension QueueStore {
    /// The longest identifier (event id, room id) the inbox accepts; Matrix caps ids at 255 bytes.
    static let maxIdentifierLength = 255

    /// Stores the worker's batch in one transaction, unique by event id, and returns each message's seq
    /// in batch order. A known event id (a replayed batch, or a repeat inside the batch) stores nothing
    /// and keeps its first seq. Returns after the commit is durable: only then may the worker move on.
    /// An invalid message rejects the whole batch (``QueueError/invalidMessage(index:reason:)``), none of it stored.
    func appendBatch(_ events: [InboundEvent], now: Date = Date()) throws -> [AppendOutcome] {
        let receivedAt = Self.milliseconds(now)
        return try database.write { db in
            var outcomes: [AppendOutcome] = []
            outcomes.reserveCapacity(events.count)
            for (index, message) in events.enumerated() {
                // Validated as it is stored: a bad message rolls back the inserts before it (all or nothing).
                try Self.validate(message, index: index)
                if let seq = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT seq FROM inbox WHERE event_id = ?"), arguments: [message.eventID])
                {
                    outcomes.append(AppendOutcome(seq: seq, isNew: false))
                    continue
                }
                let content = try self.key.seal(
                    JSONEncoder().encode(message), table: "inbox", row: message.eventID)
                try db.cachedStatement(
                    sql: "INSERT INTO inbox (event_id, room_id, content, received_at) VALUES (?, ?, ?, ?)"
                ).execute(arguments: [message.eventID, message.roomID, content, receivedAt])
                outcomes.append(AppendOutcome(seq: db.lastInsertedRowID, isNew: true))
            }
            return outcomes
        }
    }

    /// Up to `limit` messages with a seq above `seq`, in seq order: what to (re)deliver to the agent.
    /// Acknowledged messages whose content was pruned (``pruneOutcomes(now:)``) are left out.
    func messages(after seq: Int64, limit: Int) throws -> [StoredMessage] {
        try database.unsafeRead { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT seq, event_id, content FROM inbox WHERE seq > ? AND content IS NOT NULL ORDER BY seq LIMIT ?"
                ),
                arguments: [seq, max(0, limit)])
            return try rows.map { row in
                let eventID: String = try row.decode(forColumn: "event_id")
                let sealed: Data = try row.decode(forColumn: "content")
                let plain = try self.key.open(sealed, table: "inbox", row: eventID)
                guard let message = try? JSONDecoder().decode(InboundEvent.self, from: plain),
                    message.eventID == eventID
                else { throw QueueError.corruptContent(table: "inbox", row: eventID) }
                return StoredMessage(seq: try row.decode(forColumn: "seq"), message: message)
            }
        }
    }

    /// The highest seq the agent acknowledged (0 before the first ack).
    func lastAckedSeq() throws -> Int64 {
        try database.unsafeRead { db in try Self.lastAckedSeq(db) }
    }

    /// The highest seq ever assigned (0 for an empty inbox).
    func highestSeq() throws -> Int64 {
        try database.unsafeRead { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM inbox")) ?? 0 }
    }

    /// Records the agent's cumulative ack of every seq up to `seq`; returns how many messages that newly
    /// acknowledged. For each of them a receipt-reaction job is queued unless `receiptJobs` is false
    /// (`receipt_reaction = ""`). An ack at or below the last one changes nothing (returns 0); an ack above
    /// the highest assigned seq is ``QueueError/ackBeyondLast(seq:highest:)`` (the agent's `bad_request`).
    @discardableResult
    func ack(upTo seq: Int64, receiptJobs: Bool = true, now: Date = Date()) throws -> Int {
        let createdAt = Self.milliseconds(now)
        return try database.write { db in
            let last = try Self.lastAckedSeq(db)
            guard seq > last else { return 0 }
            let highest = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM inbox")) ?? 0
            guard seq <= highest else { throw QueueError.ackBeyondLast(seq: seq, highest: highest) }
            try db.cachedStatement(sql: "UPDATE meta SET value = ? WHERE name = 'last_acked_seq'").execute(arguments: [
                seq
            ])
            let newlyAcked =
                try Int.fetchOne(
                    db.cachedStatement(sql: "SELECT COUNT(*) FROM inbox WHERE seq > ? AND seq <= ?"),
                    arguments: [last, seq]) ?? 0
            guard receiptJobs else { return newlyAcked }
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO jobs (kind, seq, created_at)
                    SELECT 'receipt', seq, ? FROM inbox WHERE seq > ? AND seq <= ? ORDER BY seq
                    """
            ).execute(arguments: [createdAt, last, seq])
            return newlyAcked
        }
    }

    private static func lastAckedSeq(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE name = 'last_acked_seq'")) ?? 0
    }

    private static func validate(_ message: InboundEvent, index: Int) throws {
        for (name, value) in [("event_id", message.eventID), ("room_id", message.roomID)] {
            guard !value.isEmpty, value.utf8.count <= maxIdentifierLength else {
                throw QueueError.invalidMessage(
                    index: index, reason: "\(name) must have 1 to \(maxIdentifierLength) bytes")
            }
        }
    }
}

extension QueueStore {
    /// Whether an inbound message from `roomID` was ever stored: the worker only hands over messages of
    /// configured rooms, so such a room id names a configured room even when the config names it by alias.
    func inboxHasRoom(_ roomID: String) throws -> Bool {
        try database.unsafeRead { db in
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM inbox WHERE room_id = ? LIMIT 1"), arguments: [roomID]) != nil
        }
    }
}
