/// The worker's settings, sent in `start` over the socketpair: the only way the access token reaches it.

public import Logging

/// Everything the worker needs to run, sent by the supervisor as the first frame of the link.
/// The access token and the store key travel only here (never argv, environment or logs):
/// ``description`` redacts both.
public struct WorkerSettings: Sendable, Equatable, CustomStringConvertible {
    /// The homeserver's base URL, e.g. `https://matrix.example.org`.
    public var homeserver: String
    /// The bot's user id.
    public var userID: String
    /// The bot's device id (the crypto store is bound to it).
    public var deviceID: String
    /// The access token. Secret.
    public var accessToken: String
    /// The configured rooms (ids or aliases; the worker resolves aliases).
    public var rooms: [String]
    /// Senders whose messages are delivered: empty = nobody, `"*"` = everybody, else full user ids.
    public var allowedUsers: [String]
    /// Deliver only messages that mention the bot.
    public var mentionOnly: Bool
    /// The path of the worker's store (sync position, crypto state).
    public var storePath: String
    /// The key that encrypts the worker's store at rest (sent base64). Secret.
    public var storeKey: [UInt8]
    /// The `/sync` long-poll timeout, in milliseconds.
    public var syncTimeoutMS: Int64
    /// Timeline events per room in one `/sync` response (the filter's limit); a longer gap comes back
    /// `limited` and is filled with `/messages`.
    public var timelineLimit: Int64
    /// The catch-up horizon: the most events fetched per room with `/messages` to fill a `limited` gap.
    public var catchUpMaxEvents: Int64
    /// The reaction set when the agent acknowledges a message (empty = none).
    public var receiptReaction: String
    /// The reaction set when the agent says `done` (empty = none).
    public var doneReaction: String
    /// The worker's log level.
    public var logLevel: Logger.Level

    /// The settings of one worker run.
    public init(
        homeserver: String, userID: String, deviceID: String, accessToken: String, rooms: [String],
        allowedUsers: [String], mentionOnly: Bool, storePath: String, storeKey: [UInt8], syncTimeoutMS: Int64,
        timelineLimit: Int64 = WorkerSettings.defaultTimelineLimit, catchUpMaxEvents: Int64, receiptReaction: String,
        doneReaction: String, logLevel: Logger.Level
    ) {
        self.homeserver = homeserver
        self.userID = userID
        self.deviceID = deviceID
        self.accessToken = accessToken
        self.rooms = rooms
        self.allowedUsers = allowedUsers
        self.mentionOnly = mentionOnly
        self.storePath = storePath
        self.storeKey = storeKey
        self.syncTimeoutMS = syncTimeoutMS
        self.timelineLimit = timelineLimit
        self.catchUpMaxEvents = catchUpMaxEvents
        self.receiptReaction = receiptReaction
        self.doneReaction = doneReaction
        self.logLevel = logLevel
    }

    /// `sync_timeline_limit`'s default, and the worker's when a `start` frame has no `timeline_limit`.
    public static let defaultTimelineLimit: Int64 = 100

    /// The settings with the access token and the store key redacted, safe for logs.
    public var description: String {
        "WorkerSettings(homeserver: \(homeserver), user: \(userID), device: \(deviceID), rooms: \(rooms), "
            + "allowed_users: \(allowedUsers), mention_only: \(mentionOnly), store: \(storePath), "
            + "sync_timeout_ms: \(syncTimeoutMS), timeline_limit: \(timelineLimit), catch_up_max_events: \(catchUpMaxEvents), log_level: \(logLevel), "
            + "access_token: <redacted>, store_key: <redacted>)"
    }
}
