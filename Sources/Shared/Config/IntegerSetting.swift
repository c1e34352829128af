/// The integer keys: name, table, default and allowed range, shared by the validator and the rendering.

/// An integer key with its default and range.
public struct IntegerSetting: Sendable, Hashable {
    /// The key, e.g. `window`.
    public var key: String
    /// The default when the key is absent.
    public var defaultValue: Int
    /// The values accepted.
    public var range: ClosedRange<Int>

    /// `[channels_config.matrix]`'s integer keys.
    public static let matrix: [IntegerSetting] = [
        .init(key: "max_frame_bytes", defaultValue: 1_048_576, range: 1024...67_108_864),
        .init(key: "window", defaultValue: 64, range: 1...10_000),
        .init(key: "sync_timeout_secs", defaultValue: 30, range: 1...300),
        .init(key: "sync_timeline_limit", defaultValue: 100, range: 1...1000),
        .init(key: "catch_up_max_events", defaultValue: 1000, range: 0...100_000),
        .init(key: "outcome_retention_hours", defaultValue: 168, range: 1...87_600),
        .init(key: "crash_loop_max_restarts", defaultValue: 5, range: 1...1000),
        .init(key: "crash_loop_window_secs", defaultValue: 60, range: 1...86_400),
        .init(key: "stop_grace_secs", defaultValue: 10, range: 1...3600),
        .init(key: "heartbeat_secs", defaultValue: 5, range: 1...3600),
    ]

    /// `[channels_config] message_timeout_secs` (PRX's key and default).
    public static let messageTimeout = IntegerSetting(key: "message_timeout_secs", defaultValue: 300, range: 1...86_400)
    /// `[reliability] channel_initial_backoff_secs` (PRX's key and default).
    public static let initialBackoff = IntegerSetting(
        key: "channel_initial_backoff_secs", defaultValue: 2, range: 1...3600)
    /// `[reliability] channel_max_backoff_secs` (PRX's key and default).
    public static let maxBackoff = IntegerSetting(key: "channel_max_backoff_secs", defaultValue: 60, range: 1...86_400)
}
