/// Loading files: default path, config.d merging with per-file positions, missing/unreadable files, token files.
import Foundation
@testable import Shared
import TestSupport
import Testing

@Suite struct ConfigLoaderTests {
    @Test func defaultPathHonoursOPENPRX_CONFIG_DIR() {
        #expect(ConfigLoader(environment: ["HOME": "/home/u"]).defaultConfigPath() == "/home/u/.openprx/config.toml")
        #expect(
            ConfigLoader(environment: ["HOME": "/home/u", "OPENPRX_CONFIG_DIR": "/etc/prx"]).defaultConfigPath()
                == "/etc/prx/config.toml")
        #expect(
            ConfigLoader(environment: ["HOME": "/home/u", "OPENPRX_CONFIG_DIR": "~/prx"]).defaultConfigPath()
                == "/home/u/prx/config.toml")
        #expect(
            ConfigLoader(environment: ["HOME": "/home/u", "OPENPRX_CONFIG_DIR": ""]).defaultConfigPath()
                == "/home/u/.openprx/config.toml")
    }

    @Test func loadsFromOPENPRX_CONFIG_DIRWithoutConfigOption() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("config.toml", seedExample)
        let loaded = try ConfigLoader(environment: ["HOME": "/nonexistent", "OPENPRX_CONFIG_DIR": dir.path]).load(
            path: nil)
        #expect(loaded.config.files == [dir.main])
    }

    @Test func missingDefaultFileSaysHowToCreateIt() {
        do {
            _ = try ConfigLoader(environment: ["HOME": "/nonexistent-home"]).load(path: nil)
            Issue.record("loaded a missing file")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "/nonexistent-home/.openprx/config.toml: error: config file not found (the default path; OPENPRX_CONFIG_DIR is not set); create it with a [channels_config.matrix] table (see config/example.toml), set OPENPRX_CONFIG_DIR to PRX's config directory, or pass --config PATH"
                ])
        }
    }

    @Test func missingFileUnderOPENPRX_CONFIG_DIRNamesTheVariable() {
        do {
            _ = try ConfigLoader(environment: ["HOME": "/h", "OPENPRX_CONFIG_DIR": "/srv/prx"]).load(path: nil)
            Issue.record("loaded a missing file")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "/srv/prx/config.toml: error: config file not found (the default path under OPENPRX_CONFIG_DIR=/srv/prx); create it with a [channels_config.matrix] table (see config/example.toml), set OPENPRX_CONFIG_DIR to PRX's config directory, or pass --config PATH"
                ])
        }
    }

    @Test func missingExplicitFileNamesTheDefault() {
        do {
            _ = try ConfigLoader(environment: ["HOME": "/h"]).load(path: "/nonexistent/prx.toml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(
                error.description
                    == "/nonexistent/prx.toml: error: config file not found; check the path given to --config (without --config the default is /h/.openprx/config.toml)\n1 error"
            )
        }
    }

    @Test func directoryAndNonUTF8AreReported() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        let bad = (dir.path as NSString).appendingPathComponent("bad.toml")
        try Data("a = 1\nb = \"\u{e9}".utf8 + [0xFF, 0x22, 0x0A]).write(to: URL(fileURLWithPath: bad))
        for (path, expected) in [
            (
                dir.path,
                "\(dir.path): error: is a directory, not a config file; pass the file itself, e.g. --config \(dir.path)/config.toml"
            ),
            (
                bad,
                "\(bad):2:7: error: TOML syntax: the file is not valid UTF-8; save it as UTF-8 (TOML files must be UTF-8)"
            ),
        ] {
            do {
                _ = try ConfigLoader(environment: ["HOME": "/h"]).load(path: path)
                Issue.record("loaded \(path)")
            } catch {
                #expect(error.diagnostics.map(\.description) == [expected])
            }
        }
    }

    @Test func unreadableFileIsReported() {
        // /proc/self/mem exists and passes the access check, but reading it from offset 0 fails (EIO),
        // even as root: a real unreadable file.
        do {
            _ = try ConfigLoader(environment: ["HOME": "/h"]).load(path: "/proc/self/mem")
            Issue.record("read /proc/self/mem")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.count == 1)
            #expect(lines.first?.hasPrefix("/proc/self/mem: error: cannot be read (") == true)
            #expect(
                lines.first?.hasSuffix(
                    "); make it readable by the user running prx-matrix, e.g. chown that user /proc/self/mem && chmod 600 /proc/self/mem"
                ) == true)
        }
    }

    @Test func configDMergesInFileNameOrderAndPointsAtTheRightFile() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write(
            "config.toml",
            "[gateway]\nport = 1\n\n[channels_config.matrix]\nhomeserver = \"https://old.example.org\"\nwindow = 8\n")
        try dir.write(
            "config.d/channels.toml",
            "[channels_config.matrix]\naccess_token = \"syt_secret\"\nroom_id = \"!r:example.org\"\nhomeserver = \"https://matrix.example.org\"\nallowed_users = [\"@a:example.org\"]\nwindow = 0\n"
        )
        try dir.write(
            "config.d/a-first.toml", "[channels_config.matrix]\nwindow = 16\nroom_id = \"!first:example.org\"\n")
        try dir.write("config.d/zz-last.toml", "[channels_config.matrix]\nwindow = 32\n")
        try dir.write("config.d/notes.txt", "not toml at all = = =")
        let loaded = try dir.load()
        #expect(
            loaded.config.files == [
                dir.main, "\(dir.path)/config.d/a-first.toml", "\(dir.path)/config.d/channels.toml",
                "\(dir.path)/config.d/zz-last.toml",
            ])
        #expect(loaded.config.homeserver.absoluteString == "https://matrix.example.org")
        #expect(loaded.config.window == 32)
        #expect(loaded.config.rooms.map(\.description) == ["!r:example.org"])

        try dir.write("config.d/zz-last.toml", "[channels_config.matrix]\nroom_id = \"bad\"\nallowed_users = [\"x\"]\n")
        #expect(
            dir.diagnostics() == [
                "\(dir.path)/config.d/channels.toml:6:10: error: channels_config.matrix.window: 0 is out of range; write a number from 1 to 10000 (default 64)",
                "\(dir.path)/config.d/zz-last.toml:2:11: error: channels_config.matrix.room_id: \"bad\" is not a room id or alias; write \"!opaque:server\" or \"#alias:server\"",
                "\(dir.path)/config.d/zz-last.toml:3:18: error: channels_config.matrix.allowed_users[0]: \"x\" is not a user id (it must start with \"@\"); write \"@x:matrix.example.org\"",
            ])
    }

    @Test func matrixTableOnlyInConfigD() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("config.toml", "[gateway]\nport = 1\n")
        try dir.write("config.d/channels.toml", "[channels_config.matrix]\nhomeserver = \"https://m.org\"\n")
        #expect(
            dir.diagnostics() == [
                "\(dir.path)/config.d/channels.toml:1:1: error: channels_config.matrix.access_token: missing required key access_token in [channels_config.matrix]; add access_token = \"syt_...\" (the bot's access token), or access_token_file = \"/path/to/token\"",
                "\(dir.path)/config.d/channels.toml:1:1: error: channels_config.matrix.room_id: missing required key room_id in [channels_config.matrix]; add room_id = \"!abc123def456:matrix.org\" (or room_ids = [...] for several rooms)",
                "\(dir.path)/config.d/channels.toml:1:1: warning: channels_config.matrix.allowed_users: is empty, so the bot ignores everybody; list who may talk to it, e.g. allowed_users = [\"@alice:matrix.org\"], or [\"*\"] for everybody",
            ])
    }

    func tokenConfig(_ line: String) -> String {
        seedExample.replacingOccurrences(of: "access_token = \"syt_xxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", with: line)
    }

    @Test func accessTokenFileIsReadTrimmedAndRelativeToTheConfigDirectory() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("secrets/token", "  syt_from_file \n", mode: 0o600)
        try dir.write("config.toml", tokenConfig("access_token_file = \"secrets/token\""))
        let config = try dir.load().config
        #expect(config.accessToken.value == "syt_from_file")
        let tokenPath = URL(fileURLWithPath: dir.path).standardizedFileURL.path + "/secrets/token"
        #expect(config.accessToken.source == .file(tokenPath))
        #expect(
            config.redactedDescription.contains("access_token_file = \"\(tokenPath)\"  # token <redacted: 13 chars>"))
        #expect(!config.redactedDescription.contains("syt_from_file"))
    }

    @Test func accessTokenFileProblems() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        // Paths below are relative because the directory prefix is removed from the messages.
        try dir.write("open-token", "syt_x\n", mode: 0o644)
        try dir.write("empty-token", " \n", mode: 0o600)
        let cases = [
            (
                "access_token_file = \"open-token\"",
                "config.toml:3:21: error: channels_config.matrix.access_token_file: token file open-token is readable by every user (mode 644); run chmod 600 open-token"
            ),
            (
                "access_token_file = \"missing\"",
                "config.toml:3:21: error: channels_config.matrix.access_token_file: token file missing does not exist; create it: (umask 077; printf '%s\\n' 'syt_...' > missing), or write the path of your token file"
            ),
            (
                "access_token_file = \"empty-token\"",
                "config.toml:3:21: error: channels_config.matrix.access_token_file: token file empty-token is empty; put the bot's access token in it"
            ),
            (
                "access_token = \"\"",
                "config.toml:3:16: error: channels_config.matrix.access_token: is empty; write the bot's access token, access_token = \"syt_...\", or set access_token_file"
            ),
            (
                "access_token = \"syt_a\"\naccess_token_file = \"empty-token\"",
                "config.toml:4:1: error: channels_config.matrix.access_token_file: both access_token (at config.toml:3:1) and access_token_file are set; keep only one: remove access_token to read the token from the file, or remove access_token_file"
            ),
        ]
        for (line, expected) in cases {
            try dir.write("config.toml", tokenConfig(line))
            #expect(dir.diagnostics().map { $0.replacingOccurrences(of: dir.path + "/", with: "") } == [expected])
        }
    }
}

@Suite struct ExampleConfigTests {
    /// config/example.toml loads, and uncommenting every documented default changes nothing.
    @Test func exampleLoadsAndItsDocumentedDefaultsAreTheRealOnes() throws {
        let text = try String(contentsOf: RepoPaths.root.appendingPathComponent("config/example.toml"), encoding: .utf8)
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("config.toml", text)
        let plain = try dir.load().config
        let optional = [
            "mention_only", "max_frame_bytes", "window", "sync_timeout_secs", "sync_timeline_limit",
            "catch_up_max_events",
            "outcome_retention_hours",
            "crash_loop_max_restarts", "crash_loop_window_secs", "stop_grace_secs", "heartbeat_secs", "log_level",
            "receipt_reaction", "done_reaction", "room_ids", "message_timeout_secs", "channel_initial_backoff_secs",
            "channel_max_backoff_secs", "[channels_config]", "[reliability]",
        ]
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            optional.contains { line.hasPrefix("# \($0)") } ? line.dropFirst(2) : line
        }.joined(separator: "\n")
        try dir.write("config.toml", uncommented)
        let explicit = try dir.load()
        #expect(explicit.warnings.isEmpty)
        #expect(explicit.config == plain)
    }
}
