/// Which room an agent request names: `room_id` checked against the configured rooms.
import Shared

/// The configured rooms, as the agent may name them.
///
/// The config names each room by id or alias; the agent may use that form, or the room id it saw in a
/// `message` frame (the worker delivers only messages of configured rooms, so a room id seen in the
/// inbox names a configured room). With exactly one room, `room_id` may be left out, and every accepted
/// form maps to the configured one, so the per-room send order is kept whichever form the agent uses.
struct RoomDirectory: Sendable {
    /// The rooms as configured (ids or aliases), in config order.
    let configured: [String]
    /// Room ids seen in inbound messages.
    private(set) var seen: Set<String> = []

    /// The rooms of `config`.
    init(config: MatrixConfig) {
        configured = config.rooms.map(\.description)
    }

    /// Remembers the room ids of inbound messages.
    mutating func noteInbound(_ roomIDs: some Sequence<String>) {
        seen.formUnion(roomIDs)
    }

    /// The room to send to for `requested`, or the error to answer. `inInbox` asks the store whether a
    /// room id was seen before this daemon started.
    func resolve(_ requested: String?, id: String?, inInbox: (String) async -> Bool) async -> Resolution {
        guard let requested else {
            return configured.count == 1
                ? .room(configured[0]) : .refused(AgentError.roomRequired(configured: configured, id: id))
        }
        if configured.contains(requested) { return .room(requested) }
        if requested.hasPrefix("!") {
            let known = seen.contains(requested) ? true : await inInbox(requested)
            if known { return .room(configured.count == 1 ? configured[0] : requested) }
        }
        return .refused(AgentError.unknownRoom(requested, configured: configured, id: id))
    }

    /// The answer of ``resolve(_:id:inInbox:)``.
    enum Resolution: Sendable {
        /// Send to this room (as the worker link names it).
        case room(String)
        /// Answer this error (`room_required`, `unknown_room`).
        case refused(AgentError)
    }
}
