/// `prx-matrix check-config` run as a subprocess: exit 0 with the redacted config, or 78 with every problem.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

@Suite struct CheckConfigTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `prx-matrix` with `arguments` and a controlled environment.
    func run(_ arguments: [String], environment: [String: String]) async throws -> Run {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let (status, stdout, stderr) = await process.outputsAndExit(of: out, err)
        return Run(
            status: status, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    func makeDirectory(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prx-check-\(UUID().uuidString)").path
        for (name, text) in files {
            let path = (dir as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        return dir
    }

    @Test func goodConfigExitsZeroAndRedactsTheToken() async throws {
        let dir = try makeDirectory([
            "config.toml": "[gateway]\nport = 3000\n",
            "config.d/channels.toml": """
            [channels_config.matrix]
            homeserver = "https://matrix.org/"
            access_token = "syt_supersecret_token_value"
            room_id = "!abc123def456:matrix.org"
            allowed_users = ["@alice:matrix.org"]
            romm_ids = []
            """,
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try await run(["check-config"], environment: ["HOME": "/nonexistent", "OPENPRX_CONFIG_DIR": dir])
        #expect(result.status == ExitCodes.ok.rawValue)
        #expect(result.stdout.contains("access_token = \"<redacted: 27 chars>\""))
        #expect(result.stdout.contains("homeserver = \"https://matrix.org\""))
        #expect(result.stdout.contains("state_dir = \"\(dir)/matrix\""))
        #expect(!result.stdout.contains("supersecret") && !result.stderr.contains("supersecret"))
        #expect(
            result.stderr
                == "\(dir)/config.d/channels.toml:6:1: warning: channels_config.matrix.romm_ids: unknown key, ignored; did you mean room_ids?\n"
        )
    }

    @Test func badConfigExitsSeventyEightAndListsEveryProblem() async throws {
        let dir = try makeDirectory([
            "prx.toml": """
            [channels_config.matrix]
            homeserver = "matrix.org"
            access_token = "syt_x"
            room_id = "abc"
            allowed_users = ["alice"]
            window = "64"
            """
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = "\(dir)/prx.toml"
        let result = try await run(["check-config", "--config", file], environment: ["HOME": "/nonexistent"])
        #expect(result.status == ExitCodes.config.rawValue)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == """
                \(file):2:14: error: channels_config.matrix.homeserver: "matrix.org" is not an http(s) URL; write "https://matrix.org"
                \(file):4:11: error: channels_config.matrix.room_id: "abc" is not a room id or alias; write "!opaque:server" or "#alias:server"
                \(file):5:18: error: channels_config.matrix.allowed_users[0]: "alice" is not a user id (it must start with "@"); write "@alice:matrix.org"
                \(file):6:10: error: channels_config.matrix.window: expected an integer, found string "64"; write window = 64 without quotes
                4 errors

                """)
    }

    @Test func missingDefaultConfigAndBadUsage() async throws {
        let missing = try await run(["check-config"], environment: ["HOME": "/nonexistent"])
        #expect(missing.status == ExitCodes.config.rawValue)
        #expect(missing.stderr.hasPrefix("/nonexistent/.openprx/config.toml: error: config file not found"))
        let usage = try await run(["check-config", "--no-such-option"], environment: ["HOME": "/nonexistent"])
        #expect(usage.status == ExitCodes.usage.rawValue)
    }
}
