/// The outbox's row type and the answers of ``QueueStore/enqueue(id:kind:roomID:payload:now:)``.
import Foundation

/// An agent request the outbox holds: `send` or `react`.
enum OutboxKind: String, Codable, Sendable {
    /// An `m.room.message` (PROTOCOL.md `send`).
    case send
    /// An `m.reaction` (PROTOCOL.md `react`).
    case react
}

/// The recorded state of an agent request id: what the daemon answers when the agent repeats it.
enum EnqueueResult: Equatable, Sendable {
    /// A new id: the request is now durably queued as outbox row `rowID` (answer `accepted`).
    case accepted(rowID: Int64)
    /// A known id whose request is still queued (answer `accepted` again).
    case pending(rowID: Int64)
    /// A known id whose request the homeserver took (answer `sent`).
    case sent(eventIDs: [String])
    /// A known id whose request can never be sent (answer `failed`).
    case failed(code: String, message: String)
}

/// A pending outbox row, as handed to the worker for sending.
struct OutboxEntry: Equatable, Sendable {
    /// The row id: the order of acceptance (across rooms too).
    var rowID: Int64
    /// The agent's idempotency key (`id` of the request).
    var requestID: String
    /// `send` or `react`.
    var kind: OutboxKind
    /// The room to send to.
    var roomID: String
    /// The request's JSON as the supervisor enqueued it (stored sealed).
    var payload: Data
    /// How many times ``QueueStore/markRetry(rowID:notBefore:)`` was called for it.
    var attempts: Int
    /// Not to be tried before this instant (rate limit, outage), if set.
    var notBefore: Date?
    /// The Matrix transaction id for this row: stable across restarts, unique across stores.
    var transactionID: String

    /// The transaction id of part `part` (0-based) when the request is split into several events.
    func transactionID(part: Int) -> String { part == 0 ? transactionID : "\(transactionID).\(part)" }
}
