/// A real Synapse with a bot, an allowed user (alice) and a stranger (mallory), plus the worker's settings.
import Foundation
import Logging
import MatrixCrypto
import Shared
import TestSupport

/// The accounts and helpers the worker's integration tests share. Each test starts its own.
struct MatrixTestbed {
    let synapse: SynapseServer
    let bot: SynapseAccount
    let alice: SynapseAccount
    let mallory: SynapseAccount
    /// A fresh directory for the worker's store.
    let directory: URL
    let storeKey = Primitives.randomBytes(32)

    /// Starts Synapse and registers the three users.
    static func start(overlay: String? = nil) async throws -> MatrixTestbed {
        let synapse = try await SynapseServer.start(overlay: overlay)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-worker-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return MatrixTestbed(
            synapse: synapse,
            bot: try await synapse.register(user: "bot", password: "bot-password"),
            alice: try await synapse.register(user: "alice", password: "alice-password"),
            mallory: try await synapse.register(user: "mallory", password: "mallory-password"),
            directory: directory)
    }

    /// Settings for a worker of the bot in `rooms` (with `session`'s token, default the registration's); alice is allowed.
    func settings(
        rooms: [String], allowedUsers: [String]? = nil, mentionOnly: Bool = false,
        timelineLimit: Int64 = WorkerSettings.defaultTimelineLimit,
        catchUpMaxEvents: Int64 = 1000,
        deviceID: String? = nil, session: SynapseAccount? = nil
    ) -> WorkerSettings {
        let session = session ?? bot
        return WorkerSettings(
            homeserver: synapse.baseURL.absoluteString, userID: session.userID, deviceID: deviceID ?? session.deviceID,
            accessToken: session.accessToken, rooms: rooms, allowedUsers: allowedUsers ?? [alice.userID],
            mentionOnly: mentionOnly, storePath: directory.appendingPathComponent("worker.sqlite").path,
            storeKey: storeKey,
            syncTimeoutMS: 5000, timelineLimit: timelineLimit, catchUpMaxEvents: catchUpMaxEvents, receiptReaction: "",
            doneReaction: "",
            logLevel: .trace)
    }

    /// Creates a room as `creator`, inviting `invite`; `encrypted` adds `m.room.encryption`.
    func createRoom(
        by creator: SynapseAccount, invite: [SynapseAccount] = [], alias: String? = nil, encrypted: Bool = false
    ) async throws -> String {
        var body: [String: Any] = ["preset": "private_chat", "invite": invite.map(\.userID)]
        if let alias { body["room_alias_name"] = alias }
        if encrypted {
            body["initial_state"] = [
                ["type": "m.room.encryption", "state_key": "", "content": ["algorithm": "m.megolm.v1.aes-sha2"]]
            ]
        }
        let answer = try await synapse.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: creator.accessToken, json: body)
        guard let roomID = answer.json["room_id"] as? String else {
            throw WorkerTestError(description: "createRoom: \(answer.json)")
        }
        return roomID
    }

    /// `account` joins `roomID`.
    func join(_ account: SynapseAccount, _ roomID: String) async throws {
        let answer = try await synapse.request(
            method: "POST", path: "/_matrix/client/v3/join/\(roomID.pathEscaped)", token: account.accessToken, json: [:]
        )
        guard answer.status == 200 else { throw WorkerTestError(description: "join: \(answer.status) \(answer.json)") }
    }

    /// A room alice created with the bot and mallory joined.
    func sharedRoom() async throws -> String {
        let roomID = try await createRoom(by: alice, invite: [bot, mallory])
        try await join(bot, roomID)
        try await join(mallory, roomID)
        return roomID
    }

    /// Sends an event as `account`; returns its event id.
    @discardableResult
    func send(_ account: SynapseAccount, _ roomID: String, type: String = "m.room.message", _ content: [String: Any])
        async throws -> String
    {
        let path = "/_matrix/client/v3/rooms/\(roomID.pathEscaped)/send/\(type)/t\(UUID().uuidString)"
        let answer = try await synapse.request(method: "PUT", path: path, token: account.accessToken, json: content)
        guard let eventID = answer.json["event_id"] as? String else {
            throw WorkerTestError(description: "send: \(answer.status) \(answer.json)")
        }
        return eventID
    }

    /// Sends a plain `m.text` as `account`.
    @discardableResult
    func say(_ account: SynapseAccount, _ roomID: String, _ body: String) async throws -> String {
        try await send(account, roomID, ["msgtype": "m.text", "body": body])
    }

    /// Stops Synapse and removes the worker's directory.
    func stop() async throws {
        try await synapse.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension String {
    /// The string as one URL path segment (`!room:hs` → `%21room%3Ahs`).
    var pathEscaped: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
