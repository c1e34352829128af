/// `prx-matrix doctor` against a real Synapse: a good setup exits 0; each bad kind is ❌ with its fix and exit 1.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

@Suite(.serialized) struct DoctorTests {
    private func doctor(_ rig: TokenRig, json: Bool = false) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await rig.run(["doctor", "--config", rig.configPath] + (json ? ["--json"] : []))
    }

    @Test func withoutLibcurlTheHomeserverCheckSaysToInstallIt() async throws {
        let rig = try await TokenRig.make()
        defer { Task { await rig.remove() } }
        let bot = try await rig.synapse.register(user: "bot", password: "pw-doctor")
        try rig.writeConfig(token: bot.accessToken, deviceID: bot.deviceID)
        // libcurl is opened on first use: a library of that name that does not load stands for a missing one.
        let libraries = "\(rig.root)/lib"
        try FileManager.default.createDirectory(atPath: libraries, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(libraries)/libcurl.so.4", contents: Data())
        let result = try await rig.run(
            ["doctor", "--config", rig.configPath], environment: ["LD_LIBRARY_PATH": libraries])
        #expect(result.status == ExitCodes.failure.rawValue)
        expectFailure(
            result,
            "❌ homeserver: no request to \(rig.synapse.baseURL.absoluteString) can be made: libcurl could not be loaded (\(libraries)/libcurl.so.4: file too short)",
            fix: "install libcurl 7.68 or newer (Debian: apt-get install libcurl4)")
    }

    @Test func goodSetupPassesAndEachBadKindFailsWithItsFix() async throws {
        let rig = try await TokenRig.make()
        defer { Task { await rig.remove() } }
        let bot = try await rig.synapse.register(user: "bot", password: "pw-doctor")
        let created = try await rig.synapse.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: bot.accessToken,
            json: [
                "room_alias_name": "ops",
                "initial_state": [
                    ["type": "m.room.encryption", "state_key": "", "content": ["algorithm": "m.megolm.v1.aes-sha2"]]
                ],
            ])
        let roomID = try #require(created.json["room_id"] as? String)
        try FileManager.default.createDirectory(atPath: rig.stateDirectory, withIntermediateDirectories: true)
        chmod(rig.stateDirectory, 0o700)

        // Good: every check healthy or a warning (no daemon running, no local E2EE identity yet); exit 0.
        try rig.writeConfig(token: bot.accessToken, deviceID: bot.deviceID, room: "#ops:localhost")
        let good = try await doctor(rig)
        #expect(good.status == ExitCodes.ok.rawValue, "\(good.stdout)")
        #expect(good.stdout.contains("✅ homeserver: \(rig.synapse.baseURL.absoluteString) answers"))
        #expect(good.stdout.contains("✅ token: valid (from the config): @bot:localhost device \(bot.deviceID)"))
        #expect(
            good.stdout.contains(
                "✅ room #ops:localhost: \(roomID): joined, encrypted (m.megolm.v1.aes-sha2), 1 members"))
        #expect(good.stdout.contains("✅ state dir:") && good.stdout.contains("✅ one-time keys: 0"))
        #expect(good.stdout.contains("⚠️ daemon: no daemon answers") && good.stdout.contains("Summary: "))
        #expect(!good.stdout.contains(bot.accessToken))
        let json = try await doctor(rig, json: true)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["summary"] as? [String: Any])?["unhealthy"] as? Int == 0)

        // A bad alias.
        try rig.writeConfig(token: bot.accessToken, deviceID: bot.deviceID, room: "#nope:localhost")
        expectFailure(
            try await doctor(rig), "❌ room #nope:localhost: the alias does not resolve", fix: "check room_id/room_ids")

        // A room the bot is not in.
        let alice = try await rig.synapse.register(user: "alice", password: "pw-alice")
        let other = try await rig.synapse.request(
            method: "POST", path: "/_matrix/client/v3/createRoom", token: alice.accessToken, json: [:])
        let otherID = try #require(other.json["room_id"] as? String)
        try rig.writeConfig(token: bot.accessToken, deviceID: bot.deviceID, room: otherID)
        expectFailure(try await doctor(rig), "\(otherID): the bot is not joined", fix: "invite the bot")

        // A bad token.
        try rig.writeConfig(token: "syt_not_a_real_token", deviceID: bot.deviceID, room: "#ops:localhost")
        expectFailure(
            try await doctor(rig), "❌ token: the homeserver refused the access token from the config",
            fix: "set a new access_token")

        // A state dir others can read.
        try rig.writeConfig(token: bot.accessToken, deviceID: bot.deviceID, room: "#ops:localhost")
        chmod(rig.stateDirectory, 0o755)
        expectFailure(
            try await doctor(rig), "❌ state dir: \(rig.stateDirectory) has mode 0755",
            fix: "chmod 700 \(rig.stateDirectory)")
        chmod(rig.stateDirectory, 0o700)

        // The homeserver down.
        try await rig.synapse.stop()
        expectFailure(
            try await doctor(rig), "❌ homeserver: \(rig.synapse.baseURL.absoluteString) is unreachable",
            fix: "check `homeserver`")
    }

    private func expectFailure(_ result: (status: Int32, stdout: String, stderr: String), _ line: String, fix: String) {
        #expect(result.status == ExitCodes.failure.rawValue, "\(result.stdout)")
        let failing = result.stdout.split(separator: "\n").first { $0.contains(line) }
        #expect(failing?.contains("(fix: \(fix)") == true, "\(result.stdout)")
        #expect(result.stdout.contains("Summary: ") && !result.stdout.contains(", 0 unhealthy"))
    }
}
