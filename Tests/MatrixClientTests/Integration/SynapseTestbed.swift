/// A real Synapse with two users (the bot and alice) and a `MatrixHTTPClient` for each, for integration tests.
import Foundation
import Logging
import MatrixClient
import TestSupport

/// Why a testbed step failed (the homeserver's answer is included).
struct TestbedError: Error, CustomStringConvertible {
    let description: String
}

/// Synapse + `@bot:localhost` + `@alice:localhost`; ``run(overlay:_:)`` stops the server whatever happens.
struct SynapseTestbed {
    static let password = "correct horse battery staple"

    let server: SynapseServer
    let bot: SynapseAccount
    let alice: SynapseAccount
    let botClient: MatrixHTTPClient
    let aliceClient: MatrixHTTPClient

    /// Starts Synapse (with `overlay` YAML), registers both users, runs `body`, then stops Synapse.
    static func run<T>(overlay: String? = nil, _ body: (SynapseTestbed) async throws -> T) async throws -> T {
        let server = try await SynapseServer.start(overlay: overlay)
        do {
            let bot = try await server.register(user: "bot", password: password)
            let alice = try await server.register(user: "alice", password: password)
            let testbed = SynapseTestbed(
                server: server, bot: bot, alice: alice, botClient: client(server, bot.accessToken),
                aliceClient: client(server, alice.accessToken))
            let result = try await body(testbed)
            try await server.stop()
            return result
        } catch {
            try? await server.stop()
            throw error
        }
    }

    /// A client of this server with `token`.
    static func client(_ server: SynapseServer, _ token: String?) -> MatrixHTTPClient {
        MatrixHTTPClient(homeserver: server.baseURL, accessToken: token, logger: Logger(label: "test.matrix-client"))
    }

    /// A new client of this server with `token`.
    func client(_ token: String?) -> MatrixHTTPClient { Self.client(server, token) }

    /// Alice creates a room (optionally with an alias and encryption) and invites the bot; returns its id.
    func aliceCreatesRoom(alias: String? = nil, encrypted: Bool = false) async throws -> String {
        var body: [String: Any] = ["invite": [bot.userID], "preset": "private_chat"]
        if let alias { body["room_alias_name"] = alias }
        if encrypted {
            body["initial_state"] = [
                ["type": "m.room.encryption", "state_key": "", "content": ["algorithm": "m.megolm.v1.aes-sha2"]]
            ]
        }
        let answer = try await server.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: alice.accessToken, json: body)
        guard answer.status == 200, let roomId = answer.json["room_id"] as? String else {
            throw TestbedError(description: "createRoom: \(answer.status) \(answer.json)")
        }
        return roomId
    }

    /// Syncs `client` from `since` until `found` returns a value (at most `rounds` long polls of 2 s).
    static func syncUntil<T>(
        _ client: MatrixHTTPClient, since: String?, filter: String? = nil, rounds: Int = 15,
        _ found: (SyncResponse) -> T?
    ) async throws -> (T, next: String) {
        var since = since
        for _ in 0..<rounds {
            let sync = try await client.sync(since: since, timeout: .seconds(2), filter: filter)
            since = sync.nextBatch
            if let value = found(sync) { return (value, sync.nextBatch) }
        }
        throw TestbedError(description: "not seen after \(rounds) syncs")
    }
}
