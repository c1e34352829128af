/// The validated configuration of the Matrix channel: `[channels_config.matrix]` plus the PRX keys it reads.
public import Foundation
public import Logging

/// Everything prx-matrix reads from PRX's config, typed, with defaults filled in.
public struct MatrixConfig: Sendable, Hashable {
    /// The homeserver's base URL, without a trailing `/`.
    public var homeserver: URL
    /// The bot's access token (from `access_token` or `access_token_file`).
    public var accessToken: AccessToken
    /// `user_id`: a hint; whoami's answer wins.
    public var userID: UserID?
    /// `device_id`: a hint for E2EE session continuity.
    public var deviceID: String?
    /// `room_id` followed by `room_ids`, deduplicated, in the order written.
    public var rooms: [RoomReference]
    /// `allowed_users`.
    public var allowedUsers: AllowedUsers
    /// `mention_only`: only messages that mention the bot.
    public var mentionOnly: Bool
    /// `state_dir` (absolute): queue, stores, socket.
    public var stateDirectory: String
    /// `socket_path` (absolute): the agent socket.
    public var socketPath: String
    /// `receipt_reaction`; nil when disabled.
    public var receiptReaction: String?
    /// `done_reaction`; nil when disabled.
    public var doneReaction: String?
    /// `max_frame_bytes`: the largest frame on either link.
    public var maxFrameBytes: Int
    /// `window`: unacknowledged messages in flight to the agent.
    public var window: Int
    /// `sync_timeout_secs`: the /sync long-poll timeout.
    public var syncTimeoutSecs: Int
    /// `sync_timeline_limit`: timeline events per room in one /sync response; more make it `limited`.
    public var syncTimelineLimit: Int
    /// `catch_up_max_events`: how far back a limited timeline is filled.
    public var catchUpMaxEvents: Int
    /// `outcome_retention_hours`: how long send/react outcomes are kept for idempotency.
    public var outcomeRetentionHours: Int
    /// `crash_loop_max_restarts` within `crash_loop_window_secs` before the supervisor gives up.
    public var crashLoopMaxRestarts: Int
    /// `crash_loop_window_secs`.
    public var crashLoopWindowSecs: Int
    /// `stop_grace_secs`: SIGTERM → SIGKILL grace for the worker.
    public var stopGraceSecs: Int
    /// `heartbeat_secs`: worker-link heartbeat; 3 missed = hung worker.
    public var heartbeatSecs: Int
    /// `worker_path` (absolute); nil = beside the prx-matrix executable.
    public var workerPath: String?
    /// `log_level`.
    public var logLevel: Logger.Level
    /// `[channels_config] message_timeout_secs`.
    public var messageTimeoutSecs: Int
    /// `[reliability] channel_initial_backoff_secs`.
    public var channelInitialBackoffSecs: Int
    /// `[reliability] channel_max_backoff_secs`.
    public var channelMaxBackoffSecs: Int
    /// The files read, main config first, then `config.d/*.toml` in merge order.
    public var files: [String]

    /// The keys `[channels_config.matrix]` understands, in the order of the reference.
    public static let knownKeys = [
        "homeserver", "access_token", "user_id", "device_id", "room_id", "allowed_users", "mention_only",
        "room_ids", "access_token_file", "state_dir", "socket_path", "receipt_reaction", "done_reaction",
        "max_frame_bytes", "window", "sync_timeout_secs", "sync_timeline_limit", "catch_up_max_events",
        "outcome_retention_hours",
        "crash_loop_max_restarts", "crash_loop_window_secs", "stop_grace_secs", "heartbeat_secs",
        "worker_path", "log_level",
    ]

    /// The seed's minimal `[channels_config.matrix]` table, shown when the table is missing.
    public static let minimalExample = """
        [channels_config.matrix]
        homeserver = "https://matrix.org"
        access_token = "syt_xxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        room_id = "!abc123def456:matrix.org"
        allowed_users = ["@alice:matrix.org", "@bob:matrix.org"]
        """
}
