/// Splits a sync response's messages into `batch` frames that each fit in the link's frame limit.
import Shared

/// Greedy split in order: each batch as large as fits under `limit` bytes of payload.
enum BatchSplitter {
    /// `events` in order, cut into runs whose `batch` frame payload stays within `limit` bytes.
    /// An event too large for a frame on its own forms its own batch (the send then reports it).
    static func split(_ events: [InboundEvent], limit: Int = WorkerLink.maxFrameBytes) -> [[InboundEvent]] {
        let emptySize = SupervisorLink.payloadSize(of: .batch(id: Int64.max, events: []))
        var batches: [[InboundEvent]] = []
        var current: [InboundEvent] = []
        var size = emptySize
        for event in events {
            let eventSize = SupervisorLink.payloadSize(of: .batch(id: Int64.max, events: [event])) - emptySize + 1
            if !current.isEmpty && size + eventSize > limit {
                batches.append(current)
                current = []
                size = emptySize
            }
            current.append(event)
            size += eventSize
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
