/// Executes the supervisor's outbound commands against the homeserver: messages, reactions, receipts, typing.
import Logging
import MatrixClient
import Shared

/// Sends what the supervisor's outbox hands the worker and says what became of each row.
///
/// - `send` → one `m.room.message`, or several in order when the text is too large (``MessageComposer``);
///   part `N ≥ 1` uses transaction id `<txnID>.N` (the queue's `OutboxEntry.transactionID(part:)`), so a
///   retry returns the same event ids and never makes a second event. A split message that failed
///   part-way resumes at its first unsent part.
/// - `react` → `m.reaction` (`m.annotation`); `receipt` → `m.read`; both report `sent`.
/// - `typing` → best effort, no outcome; refreshed while on (``OutboundExecutor+Typing``).
/// - Failures: see ``attempt(_:)``. Nothing is ever reported `failed` for transient trouble.
actor OutboundExecutor: OutboundHandling {
    /// The homeserver client (holding the access token).
    let client: MatrixHTTPClient
    /// The bot's user id (typing notifications are per user).
    let userID: UserID
    /// The worker's settings (part of the init the runtime calls; nothing outbound depends on them yet).
    let settings: WorkerSettings
    /// Where problems are logged.
    let logger: Logger
    /// Builds message contents.
    let composer = MessageComposer()
    /// Waits before the quick retries of a transient failure (each with ±50 % jitter).
    var quickRetryDelays: [Duration] = [.milliseconds(250), .seconds(1)]
    /// What `retryLater` asks for after an outage or an unhinted rate limit.
    var retryLaterMS: Int64 = 5_000
    /// The longest typing timeout asked of the server at once; longer ones are refreshed.
    var typingLease: Duration = .seconds(30)
    /// The event ids of the parts already sent of split messages that are not finished, by row.
    var sentParts: [Int64: [String]] = [:]
    /// The typing refresh of each room where typing is on for longer than one lease.
    var typingRefreshes: [String: Task<Void, Never>] = [:]
    /// The rooms where the bot was shown typing since the last stop.
    var typingShown: Set<String> = []
    /// How many typing refreshes the server accepted (all rooms, since start).
    var typingRefreshesSent = 0

    /// An executor sending as `userID` through `client`.
    init(client: MatrixHTTPClient, userID: UserID, settings: WorkerSettings, logger: Logger) {
        self.client = client
        self.userID = userID
        self.settings = settings
        self.logger = logger
    }

    /// Tunes the retry timing (tests use short delays).
    func configureRetries(quickRetryDelays: [Duration], retryLaterMS: Int64, typingLease: Duration) {
        self.quickRetryDelays = quickRetryDelays
        self.retryLaterMS = retryLaterMS
        self.typingLease = typingLease
    }

    /// Executes `command`: an `outcome` for `send`, `react` and `receipt`; nil for `typing` and for
    /// commands that are not outbound. Throws when the homeserver rejects the access token.
    func handle(_ command: SupervisorCommand) async throws(TokenInvalidError) -> WorkerEvent? {
        switch command {
        case .send(let send):
            await stopTyping(in: send.roomID)
            let outcome = try await attempt { try await self.sendMessage(send) }
            if case .failed = outcome { sentParts[send.row] = nil }
            return .outcome(row: send.row, outcome)
        case .react(let reaction):
            return .outcome(
                row: reaction.row,
                try await attempt {
                    [
                        try await self.client.react(
                            roomId: reaction.roomID, to: reaction.eventID, key: reaction.key, txnId: reaction.txnID)
                    ]
                })
        case .receipt(let row, let roomID, let eventID):
            await stopTyping(in: roomID)
            return .outcome(
                row: row,
                try await attempt {
                    try await self.client.sendReceipt(roomId: roomID, eventId: eventID)
                    return [eventID]
                })
        case .typing(let roomID, let typing, let timeoutMS):
            if typing {
                try await startTyping(in: roomID, for: .milliseconds(timeoutMS))
            } else {
                await stopTyping(in: roomID, always: true)
            }
            return nil
        case .start, .batchAck, .heartbeat, .shutdown:
            return nil
        }
    }

    /// Sends the parts of `send` not sent yet, in order; returns every part's event id.
    private func sendMessage(_ send: WorkerSend) async throws -> [String] {
        let parts = composer.parts(of: send)
        var eventIDs = sentParts[send.row] ?? []
        while eventIDs.count < parts.count {
            let index = eventIDs.count
            let content = composer.content(of: parts[index], index: index, of: send, previousEventID: eventIDs.last)
            let eventID = try await client.send(
                roomId: send.roomID, eventType: "m.room.message",
                txnId: MessageComposer.transactionID(send.txnID, part: index), content: content)
            eventIDs.append(eventID)
            sentParts[send.row] = eventIDs
        }
        sentParts[send.row] = nil
        if parts.count > 1 {
            logger.debug("split message sent", metadata: ["row": "\(send.row)", "parts": "\(parts.count)"])
        }
        return eventIDs
    }
}
