/// What the normalizer makes of one timeline event: a message for the agent, or why it is not one.
import Shared

/// The result of ``EventNormalizer/normalize(_:roomID:senderName:)`` for one timeline event.
enum NormalizedEvent: Sendable, Equatable {
    /// A message to deliver to the agent.
    case message(InboundEvent)
    /// An `m.room.encrypted` event: counted and reported until the E2EE issues land, never delivered.
    case encrypted
    /// Deliberately not delivered (no log line needed beyond debug).
    case dropped(DropReason)
    /// Not a valid message event; skipped with one log line naming what was wrong.
    case malformed(reason: String)
}

/// Why a well-formed event is not delivered.
enum DropReason: String, Sendable, Equatable {
    /// The bot's own event.
    case ownEvent = "own event"
    /// The sender is not in `allowed_users`.
    case senderNotAllowed = "sender not in allowed_users"
    /// `mention_only` is on and the bot is not mentioned.
    case notMentioned = "mention_only and the bot is not mentioned"
    /// Not an `m.room.message` (state, reactions, …): nothing for the agent.
    case notAMessage = "not a message event"
    /// A redacted message (its content is gone).
    case redacted = "redacted"
}
