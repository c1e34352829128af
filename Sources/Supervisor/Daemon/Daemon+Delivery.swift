/// Delivery to the agent: messages in seq order, at most `window` unacknowledged at once.
import Logging
import Shared

extension Daemon {
    /// Sends the active session the messages above what it was sent, while the window has room.
    func deliverDue() async {
        while let current = session {
            let room = config.window - current.inFlight.count
            guard room > 0 else { return }
            if let highest = highestStoredSeq, current.sentUpTo >= highest { return }
            let messages: [StoredMessage]
            do {
                messages = try store.messages(after: current.sentUpTo, limit: room)
            } catch {
                logger.error("cannot read the inbox to deliver messages: \(error)")
                return
            }
            // Fewer than asked for: the read reached the inbox's end (this actor is its only writer).
            if messages.count < room { highestStoredSeq = messages.last?.seq ?? current.sentUpTo }
            // A new hello while the store was read starts its own pass (the pump runs again).
            guard !messages.isEmpty, session?.generation == current.generation else { return }
            for stored in messages where stored.seq > (session?.sentUpTo ?? .max) {
                write(.message(seq: stored.seq, stored.message), to: current.connection)
                session?.inFlight.append(stored.seq)
                session?.sentUpTo = stored.seq
                highestDelivered = max(highestDelivered, stored.seq)
            }
        }
    }
}
