/// The worker's side effects on inbound events (receipt reaction, completion reaction + read receipt).

/// A side effect the worker owes an inbound event; each is done exactly once across restarts.
///
/// The job stays `pending` until ``QueueStore/completeJob(id:now:)``; a retry after a crash reuses
/// ``transactionID``, so the homeserver deduplicates a reaction sent twice, and a read receipt is idempotent.
struct SideEffectJob: Equatable, Sendable {
    /// What the worker has to do.
    enum Kind: String, Sendable {
        /// The receipt reaction, owed when the agent acknowledged the message for the first time.
        case receipt
        /// The completion reaction and the read receipt, owed when the agent said `done` for it.
        case done
    }

    /// The job's id.
    var id: Int64
    /// What to do.
    var kind: Kind
    /// The inbound message's seq.
    var seq: Int64
    /// The inbound event to react to.
    var eventID: String
    /// Its room.
    var roomID: String
    /// The Matrix transaction id of the reaction: stable across restarts, unique across stores.
    var transactionID: String
}
