/// The peer's side of the end-to-end tests: alice sends, reads the room back and watches ephemeral events.
import Foundation
import TestSupport

extension EndToEndRig {
    /// Sends `content` as alice (type `m.room.message` unless given); returns the event id.
    @discardableResult
    func aliceSends(_ content: [String: Any], type: String = "m.room.message") async throws -> String {
        let path = "/_matrix/client/v3/rooms/\(roomID.pathEscaped)/send/\(type)/e2e-\(UUID().uuidString)"
        let answer = try await synapse.request(method: "PUT", path: path, token: alice.accessToken, json: content)
        guard let eventID = answer.json["event_id"] as? String else {
            throw RawAgentError(description: "alice's send: \(answer.status) \(answer.json)")
        }
        return eventID
    }

    /// A plain `m.text` from alice.
    @discardableResult
    func aliceSays(_ body: String) async throws -> String {
        try await aliceSends(["msgtype": "m.text", "body": body])
    }

    /// Every event of the room's timeline, oldest first, read back with `/messages` as alice.
    func roomEvents() async throws -> [[String: Any]] {
        var events: [[String: Any]] = []
        var from: String?
        for _ in 0..<1000 {
            var path = "/_matrix/client/v3/rooms/\(roomID.pathEscaped)/messages?dir=f&limit=500"
            if let from { path += "&from=\(from.pathEscaped)" }
            let answer = try await synapse.request(path: path, token: alice.accessToken)
            let chunk = answer.json["chunk"] as? [[String: Any]] ?? []
            events += chunk
            guard let end = answer.json["end"] as? String, !chunk.isEmpty else { return events }
            from = end
        }
        return events
    }

    /// The bot's `m.room.message` events, oldest first.
    func botMessages() async throws -> [[String: Any]] {
        try await roomEvents().filter {
            $0["type"] as? String == "m.room.message" && $0["sender"] as? String == bot.userID
        }
    }

    /// The keys of the bot's reactions on `eventID`.
    func botReactions(on eventID: String) async throws -> [String] {
        try await roomEvents().compactMap { event in
            guard event["type"] as? String == "m.reaction", event["sender"] as? String == bot.userID,
                let relation = (event["content"] as? [String: Any])?["m.relates_to"] as? [String: Any],
                relation["event_id"] as? String == eventID
            else { return nil }
            return relation["key"] as? String
        }
    }

    /// One `/sync` as alice limited to the room: the room's `ephemeral` events and the next position.
    func aliceEphemeral(since: String?, timeoutMS: Int = 0) async throws -> (events: [[String: Any]], next: String) {
        var path = "/_matrix/client/v3/sync?timeout=\(timeoutMS)"
        if let since { path += "&since=\(since.pathEscaped)" }
        let answer = try await synapse.request(path: path, token: alice.accessToken)
        let room = ((answer.json["rooms"] as? [String: Any])?["join"] as? [String: Any])?[roomID] as? [String: Any]
        let events = (room?["ephemeral"] as? [String: Any])?["events"] as? [[String: Any]] ?? []
        return (events, answer.json["next_batch"] as? String ?? since ?? "")
    }

    /// Syncs as alice until an ephemeral event satisfies `match`; false after `seconds`.
    func aliceSeesEphemeral(seconds: Double = 30, _ match: ([String: Any]) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var since: String?
        while ContinuousClock.now < deadline {
            let (events, next) = try await aliceEphemeral(since: since, timeoutMS: since == nil ? 0 : 2000)
            if events.contains(where: match) { return true }
            since = next
        }
        return false
    }
}

/// The content of an event, or an empty one.
func content(_ event: [String: Any]) -> [String: Any] { event["content"] as? [String: Any] ?? [:] }

/// The bodies of `events`.
func bodies(_ events: [[String: Any]]) -> [String] { events.compactMap { content($0)["body"] as? String } }
