/// An inbound message as the inbox returns it (with its seq), and what appending one to the inbox did.
import Shared

/// An inbound message with the `seq` the inbox assigned to it.
struct StoredMessage: Equatable, Sendable {
    /// Strictly increasing, never reused, the same for the same event forever.
    var seq: Int64
    /// The message.
    var message: InboundEvent
}

/// What ``QueueStore/appendBatch(_:now:)`` did with one message of the batch.
struct AppendOutcome: Equatable, Sendable {
    /// The message's seq: newly assigned, or the one it got the first time.
    var seq: Int64
    /// False when the event id was already in the inbox (a replayed batch): nothing was stored.
    var isNew: Bool
}
