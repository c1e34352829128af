/// Replay detection for Megolm: each (session id, message index) may belong to one event only.

/// Remembers which event each (session, index) was decrypted for (E2EE module: reject a message
/// whose ratchet index was already decrypted, without flagging the same event decrypted twice).
///
/// Persist it with the sessions (it is `Codable`); forget a session's entries when the session is
/// discarded.
public struct MegolmReplayGuard: Sendable, Codable, Equatable {
    private var seen: [String: [UInt32: String]] = [:]

    /// An empty guard.
    public init() {}

    /// Records that `eventId` decrypted at `index` of `sessionId`. The same event again is fine
    /// (a re-sync or re-decryption); a different event with the same index is a replay and throws
    /// ``MegolmError/replayedIndex(sessionId:index:firstEventId:eventId:)``, recording nothing.
    public mutating func record(sessionId: String, index: UInt32, eventId: String) throws(MegolmError) {
        if let first = seen[sessionId]?[index] {
            guard first == eventId else {
                throw .replayedIndex(sessionId: sessionId, index: index, firstEventId: first, eventId: eventId)
            }
            return
        }
        seen[sessionId, default: [:]][index] = eventId
    }

    /// The event first decrypted at (`sessionId`, `index`), if any.
    public func eventId(sessionId: String, index: UInt32) -> String? { seen[sessionId]?[index] }

    /// Drops every entry of a discarded session.
    public mutating func forget(sessionId: String) { seen[sessionId] = nil }
}

extension MegolmReplayGuard: Pickleable {
    /// `megolm.replay-guard`.
    public static let pickleKind = "megolm.replay-guard"
    /// 1: session id → index → event id.
    public static let pickleVersion: UInt16 = 1
}
