/// The outbox: agent `send`/`react` requests, idempotent by the agent's id, sent in accepted order per room.
import Foundation
import GRDB

extension QueueStore {
    /// The longest agent request id (PROTOCOL.md: 1 to 128 characters).
    static let maxRequestIDLength = 128

    /// Durably queues the agent's request `id`, or, for an id seen before, returns what was recorded for it
    /// without a second row (the agent repeats every request it has no `sent`/`failed` for).
    /// `payload` is the request's JSON, stored sealed; `roomID` orders the sending.
    func enqueue(id: String, kind: OutboxKind, roomID: String, payload: Data, now: Date = Date()) throws
        -> EnqueueResult
    {
        // Unicode scalars, as SQLite's length() and JSON count characters.
        let length = id.unicodeScalars.count
        guard (1...Self.maxRequestIDLength).contains(length) else { throw QueueError.invalidRequestID(length: length) }
        let acceptedAt = Self.milliseconds(now)
        return try database.write { db in
            if let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT row_id, state, event_ids, error_code, error_message FROM outbox WHERE request_id = ?"),
                arguments: [id])
            {
                return try Self.recordedResult(row)
            }
            let sealed = try self.key.seal(payload, table: "outbox", row: id)
            try db.cachedStatement(
                sql: "INSERT INTO outbox (request_id, kind, room_id, payload, accepted_at) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [id, kind.rawValue, roomID, sealed, acceptedAt])
            return .accepted(rowID: db.lastInsertedRowID)
        }
    }

    /// Every pending request, in accepted order: what the worker must (re)send after a restart.
    func pending() throws -> [OutboxEntry] {
        try database.unsafeRead { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.entryColumns) FROM outbox WHERE state = 'pending' ORDER BY row_id")
            ).map(self.entry)
        }
    }

    /// The requests that may be sent now: for each room, its oldest pending requests in accepted order, at
    /// most `limit`, stopping at the first one whose retry time has not come (a later one never overtakes
    /// it). Rooms are independent: one room waiting does not hold back another. Sorted by row id.
    func nextPending(perRoom limit: Int = 1, now: Date = Date()) throws -> [OutboxEntry] {
        let nowMS = Self.milliseconds(now)
        return try database.unsafeRead { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: Self.nextPendingSQL), arguments: [max(0, limit)])
            var blockedRooms: Set<String> = []
            var ready: [OutboxEntry] = []
            for row in rows {
                let room: String = try row.decode(forColumn: "room_id")
                if blockedRooms.contains(room) { continue }
                if let notBefore: Int64 = try row.decode(forColumn: "not_before"), notBefore > nowMS {
                    blockedRooms.insert(room)
                    continue
                }
                ready.append(try self.entry(row))
            }
            return ready.sorted { $0.rowID < $1.rowID }
        }
    }

    /// Records that the homeserver took row `rowID` as `eventIDs` (in order); returns the agent's request id
    /// for the `sent` answer.
    @discardableResult
    func markSent(rowID: Int64, eventIDs: [String], now: Date = Date()) throws -> String {
        let ids = String(decoding: try JSONEncoder().encode(eventIDs), as: UTF8.self)
        return try finish(
            rowID: rowID,
            sql:
                "UPDATE outbox SET state = 'sent', event_ids = ?, finished_at = ? WHERE row_id = ? AND state = 'pending'",
            arguments: [ids, Self.milliseconds(now), rowID])
    }

    /// Records that row `rowID` can never be sent; returns the agent's request id for the `failed` answer.
    @discardableResult
    func markFailed(rowID: Int64, code: String, message: String, now: Date = Date()) throws -> String {
        try finish(
            rowID: rowID,
            sql: """
                UPDATE outbox SET state = 'failed', error_code = ?, error_message = ?, finished_at = ?
                WHERE row_id = ? AND state = 'pending'
                """,
            arguments: [code, message, Self.milliseconds(now), rowID])
    }

    /// Keeps row `rowID` pending, to be tried again from `notBefore` on (rate limit, outage), counting the attempt.
    func markRetry(rowID: Int64, notBefore: Date) throws {
        _ = try finish(
            rowID: rowID,
            sql: "UPDATE outbox SET attempts = attempts + 1, not_before = ? WHERE row_id = ? AND state = 'pending'",
            arguments: [Self.milliseconds(notBefore), rowID])
    }

    /// Runs an update guarded by `state = 'pending'` and returns the row's request id; explains a miss.
    private func finish(rowID: Int64, sql: String, arguments: StatementArguments) throws -> String {
        try database.write { db in
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
            let changed = db.changesCount
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT request_id, state FROM outbox WHERE row_id = ?"), arguments: [rowID])
            guard let row else { throw QueueError.unknownOutboxRow(rowID: rowID) }
            if changed == 0 {
                throw QueueError.outboxRowNotPending(rowID: rowID, state: try row.decode(forColumn: "state"))
            }
            return try row.decode(forColumn: "request_id")
        }
    }

    private static let entryColumns = "row_id, request_id, kind, room_id, payload, attempts, not_before"

    /// Each room's first `?1` pending rows, by index seeks only (a loose index scan over
    /// `outbox_pending`): the pending rooms one `MIN(room_id) > previous` at a time, then each room's
    /// oldest rows. Its cost grows with the number of rooms, not of pending rows; a window function
    /// over every pending row (and its payload) cost 1.8 ms at 600 pending rows, twice per message.
    static let nextPendingSQL = """
        WITH RECURSIVE rooms(room) AS (
            SELECT MIN(room_id) FROM outbox WHERE state = 'pending'
            UNION ALL
            SELECT (SELECT MIN(room_id) FROM outbox WHERE state = 'pending' AND room_id > rooms.room)
            FROM rooms WHERE rooms.room IS NOT NULL)
        SELECT \(entryColumns.split(separator: ",").map { "o.\($0.drop { $0 == " " })" }.joined(separator: ", "))
        FROM rooms JOIN outbox AS o ON o.row_id IN (
            SELECT row_id FROM outbox WHERE state = 'pending' AND room_id = rooms.room ORDER BY row_id LIMIT ?1)
        ORDER BY o.room_id, o.row_id
        """

    /// An outbox row with its payload opened.
    private func entry(_ row: Row) throws -> OutboxEntry {
        let rowID: Int64 = try row.decode(forColumn: "row_id")
        let requestID: String = try row.decode(forColumn: "request_id")
        guard let kind = OutboxKind(rawValue: try row.decode(forColumn: "kind")) else {
            throw QueueError.corruptContent(table: "outbox", row: requestID)
        }
        let notBefore: Int64? = try row.decode(forColumn: "not_before")
        return OutboxEntry(
            rowID: rowID, requestID: requestID, kind: kind, roomID: try row.decode(forColumn: "room_id"),
            payload: try key.open(row.decode(forColumn: "payload"), table: "outbox", row: requestID),
            attempts: try row.decode(forColumn: "attempts"),
            notBefore: notBefore.map(Self.date(milliseconds:)), transactionID: transactionID(outboxRow: rowID))
    }

    /// The answer for a known request id.
    private static func recordedResult(_ row: Row) throws -> EnqueueResult {
        let rowID: Int64 = try row.decode(forColumn: "row_id")
        switch try row.decode(String.self, forColumn: "state") {
        case "pending":
            return .pending(rowID: rowID)
        case "sent":
            let json: String = try row.decode(String?.self, forColumn: "event_ids") ?? "[]"
            guard let ids = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else {
                throw QueueError.corruptContent(table: "outbox", row: "\(rowID)")
            }
            return .sent(eventIDs: ids)
        case "failed":
            return .failed(
                code: try row.decode(String?.self, forColumn: "error_code") ?? "",
                message: try row.decode(String?.self, forColumn: "error_message") ?? "")
        default:
            throw QueueError.corruptContent(table: "outbox", row: "\(rowID)")
        }
    }
}
