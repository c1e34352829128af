/// Constants of the supervisor ↔ worker link (docs/PROTOCOL.md §7).

/// The worker link: the frame codec of the agent link over a socketpair, with its own size limit.
public enum WorkerLink {
    /// The largest frame on the worker link: 8 MiB. A `batch` holds many events (each up to Matrix's
    /// 64 KiB, more once JSON-escaped), so the link allows more than the agent link's default. The
    /// worker splits a sync response over several batches when one frame would exceed this, and commits
    /// the sync position only after every batch of that response is acknowledged.
    public static let maxFrameBytes = 8 * 1_048_576
}
