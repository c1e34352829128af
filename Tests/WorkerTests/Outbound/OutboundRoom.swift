/// Test fixture: a bot and a peer in one room on a real Synapse, and an OutboundExecutor sending as the bot.
import Foundation
import Logging
import MatrixClient
import Shared
import TestSupport
@testable import Worker

/// One Synapse for the outbound suites that do not stop it; each test gets its own users and room.
enum SharedSynapse {
    private static let starting = Task { try await SynapseServer.start() }

    /// The shared server (started on first use, stopped with the test process).
    static var server: SynapseServer {
        get async throws { try await starting.value }
    }
}

/// What a test needs to drive the executor and look at the room as another user.
struct OutboundRoom {
    let synapse: SynapseServer
    let bot: SynapseAccount
    let peer: SynapseAccount
    let roomID: String
    let client: MatrixHTTPClient
    let executor: OutboundExecutor

    /// Registers a fresh bot and peer, has the peer create a room and invite the bot, and the bot join.
    static func make(on server: SynapseServer? = nil) async throws -> OutboundRoom {
        let synapse: SynapseServer
        if let server { synapse = server } else { synapse = try await SharedSynapse.server }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let bot = try await synapse.register(user: "bot-\(suffix)", password: "pw-bot")
        let peer = try await synapse.register(user: "peer-\(suffix)", password: "pw-peer")
        let created = try await synapse.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: peer.accessToken,
            json: ["preset": "private_chat", "invite": [bot.userID]])
        let roomID = try requireString(created.json["room_id"], "createRoom: \(created.json)")
        let joined = try await synapse.request(
            method: "POST", path: "/_matrix/client/v3/join/\(roomID)", token: bot.accessToken, json: [:])
        guard joined.status == 200 else { throw FixtureError("join: \(joined.status) \(joined.json)") }
        let client = MatrixHTTPClient(
            homeserver: synapse.baseURL, accessToken: bot.accessToken, requestTimeout: .seconds(10),
            logger: quietLogger)
        let executor = OutboundExecutor(
            client: client, userID: try UserID(validating: bot.userID), settings: settings(for: bot, synapse),
            logger: quietLogger)
        await executor.configureRetries(
            quickRetryDelays: [.milliseconds(50), .milliseconds(100)], retryLaterMS: 2_000, typingLease: .seconds(30))
        return OutboundRoom(synapse: synapse, bot: bot, peer: peer, roomID: roomID, client: client, executor: executor)
    }

    /// A logger that drops everything (the tests assert on outcomes, not on log lines).
    static let quietLogger = Logger(label: "outbound-test") { _ in SwiftLogNoOpLogHandler() }

    private static func settings(for bot: SynapseAccount, _ synapse: SynapseServer) -> WorkerSettings {
        WorkerSettings(
            homeserver: synapse.baseURL.absoluteString, userID: bot.userID, deviceID: bot.deviceID,
            accessToken: bot.accessToken, rooms: [], allowedUsers: ["*"], mentionOnly: false,
            storePath: "/nonexistent", storeKey: [], syncTimeoutMS: 1_000, catchUpMaxEvents: 10,
            receiptReaction: "👀", doneReaction: "✅", logLevel: .info)
    }

    /// Runs `command` and returns its outcome (fails the test for a command without one).
    func outcome(_ command: SupervisorCommand) async throws -> SendOutcome {
        guard case .outcome(_, let outcome)? = try await executor.handle(command) else {
            throw FixtureError("no outcome for \(command)")
        }
        return outcome
    }

    /// A `send` command for this room.
    func send(
        _ body: String, row: Int64 = 1, txnID: String = UUID().uuidString, format: MessageFormat = .markdown,
        msgtype: OutboundMessageType = .text, replyTo: String? = nil, threadRoot: String? = nil
    ) -> SupervisorCommand {
        .send(
            WorkerSend(
                row: row, txnID: txnID, roomID: roomID, body: body, format: format, msgtype: msgtype,
                replyTo: replyTo, threadRoot: threadRoot))
    }

    /// The event as the peer reads it from the homeserver.
    func peerEvent(_ eventID: String) async throws -> [String: Any] {
        let response = try await synapse.request(
            path: "/_matrix/client/v3/rooms/\(roomID)/event/\(Self.escaped(eventID))", token: peer.accessToken)
        guard response.status == 200 else {
            throw FixtureError("event \(eventID): \(response.status) \(response.json)")
        }
        return response.json
    }

    /// The content of the event as the peer reads it.
    func peerContent(_ eventID: String) async throws -> [String: Any] {
        try await peerEvent(eventID)["content"] as? [String: Any] ?? [:]
    }

    /// The newest `limit` events of the room (oldest first), as the peer reads them.
    func peerTimeline(limit: Int) async throws -> [[String: Any]] {
        let response = try await synapse.request(
            path: "/_matrix/client/v3/rooms/\(roomID)/messages?dir=b&limit=\(limit)", token: peer.accessToken)
        return (response.json["chunk"] as? [[String: Any]] ?? []).reversed()
    }

    /// Sends a message as the peer; returns its event id.
    func peerSends(_ body: String) async throws -> String {
        let response = try await synapse.request(
            method: "PUT", path: "/_matrix/client/v3/rooms/\(roomID)/send/m.room.message/\(UUID().uuidString)",
            token: peer.accessToken, json: ["msgtype": "m.text", "body": body])
        return try requireString(response.json["event_id"], "peer send: \(response.json)")
    }

    /// The peer's `/sync` (ephemeral events of this room), from `since`.
    func peerSync(since: String?, timeoutMS: Int = 0) async throws -> (next: String, ephemeral: [[String: Any]]) {
        var path = "/_matrix/client/v3/sync?timeout=\(timeoutMS)"
        if let since { path += "&since=\(since)" }
        let response = try await synapse.request(path: path, token: peer.accessToken)
        let next = try requireString(response.json["next_batch"], "sync: \(response.json)")
        let rooms = (response.json["rooms"] as? [String: Any])?["join"] as? [String: Any]
        let room = rooms?[roomID] as? [String: Any]
        let ephemeral = (room?["ephemeral"] as? [String: Any])?["events"] as? [[String: Any]] ?? []
        return (next, ephemeral)
    }

    /// Syncs as the peer (at most `rounds` long polls of 2 s) until `found` accepts an ephemeral event.
    func peerWaitsForEphemeral(rounds: Int = 10, since: String? = nil, _ found: ([String: Any]) -> Bool)
        async throws -> (found: Bool, next: String?)
    {
        var since = since
        for _ in 0..<rounds {
            let sync = try await peerSync(since: since, timeoutMS: since == nil ? 0 : 2_000)
            since = sync.next
            if sync.ephemeral.contains(where: found) { return (true, since) }
        }
        return (false, since)
    }

    static func escaped(_ component: String) -> String {
        component.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? component
    }
}

/// A fixture step that did not go as the homeserver should make it go.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `value` as a string, or a ``FixtureError`` naming `context`.
func requireString(_ value: Any?, _ context: @autoclosure () -> String) throws -> String {
    guard let string = value as? String else { throw FixtureError(context()) }
    return string
}
