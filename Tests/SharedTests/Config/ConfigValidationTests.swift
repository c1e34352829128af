/// Each bad-config case gives FILE:LINE:COLUMN, the key, what is wrong and what to write; all at once.
import Foundation
import Logging
@testable import Shared
import Testing

@Suite struct ConfigValidationTests {
    /// The diagnostics for `config.toml` = `text`, with the directory prefix removed.
    func problems(_ text: String) throws -> [String] {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("config.toml", text)
        return dir.diagnostics().map { $0.replacingOccurrences(of: dir.path + "/", with: "") }
    }

    @Test func seedExampleIsAcceptedUnchanged() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("config.toml", seedExample)
        let loaded = try dir.load()
        #expect(loaded.warnings.isEmpty)
        let config = loaded.config
        #expect(config.homeserver.absoluteString == "https://matrix.org")
        #expect(config.accessToken.value == "syt_xxxxxxxxxxxxxxxxxxxxxxxxxxxx")
        #expect(config.rooms == [.id(try RoomID(validating: "!abc123def456:matrix.org"))])
        #expect(config.allowedUsers.allows(try UserID(validating: "@ALICE:matrix.org")))
        #expect(!config.allowedUsers.allows(try UserID(validating: "@carol:matrix.org")))
        #expect(config.userID == nil && config.deviceID == nil && !config.mentionOnly)
        #expect(config.stateDirectory == dir.path + "/matrix" || config.stateDirectory.hasSuffix("/matrix"))
        #expect(config.socketPath == config.stateDirectory + "/agent.sock")
        #expect(config.receiptReaction == "👀" && config.doneReaction == "✅")
        #expect(config.maxFrameBytes == 1_048_576 && config.window == 64 && config.syncTimeoutSecs == 30)
        #expect(
            config.messageTimeoutSecs == 300 && config.channelInitialBackoffSecs == 2
                && config.channelMaxBackoffSecs == 60)
        #expect(config.logLevel == .info)
    }

    @Test func everyProblemAtOnceWithPositionAndFix() throws {
        let text = """
            [channels_config.matrix]
            homeserver = "matrix.org"
            room_id = "abc"
            allowed_users = ["alice", "@bob:matrix.org", 3, "bob@matrix.org"]
            romo_id = "x"
            window = 0
            mention_only = "yes"
            sync_timeout_secs = "30"
            max_frame_bytes = 100_000_000
            log_level = "verbose"
            user_id = "bot"
            """
        #expect(
            try problems(text) == [
                "config.toml:1:1: error: channels_config.matrix.access_token: missing required key access_token in [channels_config.matrix]; add access_token = \"syt_...\" (the bot's access token), or access_token_file = \"/path/to/token\"",
                "config.toml:2:14: error: channels_config.matrix.homeserver: \"matrix.org\" is not an http(s) URL; write \"https://matrix.org\"",
                "config.toml:3:11: error: channels_config.matrix.room_id: \"abc\" is not a room id or alias; write \"!opaque:server\" or \"#alias:server\"",
                "config.toml:4:18: error: channels_config.matrix.allowed_users[0]: \"alice\" is not a user id (it must start with \"@\"); write \"@alice:matrix.org\"",
                "config.toml:4:46: error: channels_config.matrix.allowed_users[2]: expected a string, found integer 3; put each element in quotes, e.g. \"...\"",
                "config.toml:4:49: error: channels_config.matrix.allowed_users[3]: \"bob@matrix.org\" is not a user id (it must start with \"@\"); write \"@bob:matrix.org\"",
                "config.toml:5:1: warning: channels_config.matrix.romo_id: unknown key, ignored; did you mean room_id?",
                "config.toml:6:10: error: channels_config.matrix.window: 0 is out of range; write a number from 1 to 10000 (default 64)",
                "config.toml:7:16: error: channels_config.matrix.mention_only: expected a boolean, found string \"yes\"; write mention_only = true or mention_only = false",
                "config.toml:8:21: error: channels_config.matrix.sync_timeout_secs: expected an integer, found string \"30\"; write sync_timeout_secs = 30 without quotes",
                "config.toml:9:19: error: channels_config.matrix.max_frame_bytes: 100000000 is out of range; write a number from 1024 to 67108864 (default 1048576)",
                "config.toml:10:13: error: channels_config.matrix.log_level: \"verbose\" is not a log level; write one of trace, debug, info, notice, warning, error, critical",
                "config.toml:11:11: error: channels_config.matrix.user_id: \"bot\" is not a user id (it must start with \"@\"); write \"@bot:matrix.org\"",
            ])
    }

    @Test(arguments: [
        (
            "homeserver = \"ftp://matrix.org\"", "2:14",
            "homeserver: \"ftp://matrix.org\" is not an http(s) URL; write an http(s) URL such as \"https://matrix.org\""
        ),
        (
            "homeserver = \"https://matrix.org/?x=1\"", "2:14",
            "homeserver: \"https://matrix.org/?x=1\" is not an http(s) URL"
        ),
        (
            "homeserver = 443", "2:14",
            "homeserver: expected a string, found integer 443; put the value in quotes: homeserver = \"443\""
        ),
        (
            "room_id = \"!abc\"", "2:11",
            "room_id: \"!abc\" is not a room id or alias (it has no \":server\" part); write \"!opaque:server\" or \"#alias:server\""
        ),
        ("room_id = \"#room\"", "2:11", "room_id: \"#room\" is not a room id or alias (it has no \":server\" part)"),
        (
            "room_id = [\"!a:x.org\"]", "2:11",
            "room_id: expected a string, found an array; write a single string without brackets: room_id = \"!a:x.org\""
        ),
        (
            "room_ids = [\"!a:x.org\", \"nope\"]", "2:25",
            "room_ids[1]: \"nope\" is not a room id or alias; write \"!opaque:server\" or \"#alias:server\""
        ),
        (
            "allowed_users = \"@alice:matrix.org\"", "2:17",
            "allowed_users: expected an array of strings, found string \"@alice:matrix.org\"; write a list: allowed_users = [\"@alice:matrix.org\"]"
        ),
        (
            "allowed_users = [\"@alice\"]", "2:18",
            "allowed_users[0]: \"@alice\" is not a user id (it has no \":server\" part); write \"@alice:matrix.org\""
        ),
        (
            "mention_only = \"true\"", "2:16",
            "mention_only: expected a boolean, found string \"true\"; write mention_only = true without quotes"
        ),
        (
            "window = 1.0", "2:10",
            "window: expected an integer, found float 1.0; write window = 1 without the decimal point"
        ),
        (
            "heartbeat_secs = 99999", "2:18",
            "heartbeat_secs: 99999 is out of range; write a number from 1 to 3600 (default 5)"
        ),
        (
            "homeserverr = \"https://x.org\"", "2:1",
            "warning: channels_config.matrix.homeserverr: unknown key, ignored; did you mean homeserver?"
        ),
        (
            "access_token_file = \"tok\"", "2:1",
            "access_token_file: both access_token (at config.toml:4:1) and access_token_file are set"
        ),
        (
            "socket_path = \"/\(String(repeating: "s", count: 120))\"", "2:15",
            "is 121 bytes, more than the 107 a Unix socket allows; write a shorter socket_path"
        ),
    ])
    func badValueIsReportedAtItsPosition(_ line: String, _ position: String, _ message: String) throws {
        // The seed's example with `line` first in the table, replacing the seed's line for the same key.
        let key = line.prefix { $0 != " " }
        let seedLines = seedExample.split(separator: "\n").dropFirst().filter { !$0.hasPrefix(key + " ") }
        let text = (["[channels_config.matrix]", Substring(line)] + seedLines).joined(separator: "\n") + "\n"
        let found = try problems(text).joined(separator: "\n")
        let expectedPrefix = "config.toml:\(position): "
        #expect(found.contains(expectedPrefix) && found.contains(message), "\(found)")
    }

    @Test func missingTableShowsTheSeedsMinimalExample() throws {
        let found = try problems("[channels_config]\nmessage_timeout_secs = 300\n")
        #expect(
            found == [
                "config.toml: error: channels_config.matrix: no [channels_config.matrix] table in this file; add the Matrix channel's table, for example:\n\n\(MatrixConfig.minimalExample)\n"
            ])
    }

    @Test func missingRequiredKeysPointAtTheTableHeader() throws {
        let found = try problems("# PRX\n\n[channels_config.matrix]\nallowed_users = []\n")
        #expect(
            found == [
                "config.toml:3:1: error: channels_config.matrix.homeserver: missing required key homeserver in [channels_config.matrix]; add homeserver = \"https://matrix.org\" (your homeserver's URL)",
                "config.toml:3:1: error: channels_config.matrix.access_token: missing required key access_token in [channels_config.matrix]; add access_token = \"syt_...\" (the bot's access token), or access_token_file = \"/path/to/token\"",
                "config.toml:3:1: error: channels_config.matrix.room_id: missing required key room_id in [channels_config.matrix]; add room_id = \"!abc123def456:matrix.org\" (or room_ids = [...] for several rooms)",
                "config.toml:4:1: warning: channels_config.matrix.allowed_users: is empty, so the bot ignores everybody; list who may talk to it, e.g. allowed_users = [\"@alice:matrix.org\"], or [\"*\"] for everybody",
            ])
    }

    @Test func wrongTypesElsewhereInPRXConfigAreReported() throws {
        let found = try problems(
            "[reliability]\nchannel_max_backoff_secs = \"60\"\n[channels_config]\nmessage_timeout_secs = 0\n"
                + seedExample)
        #expect(
            found == [
                "config.toml:2:28: error: reliability.channel_max_backoff_secs: expected an integer, found string \"60\"; write channel_max_backoff_secs = 60 without quotes",
                "config.toml:4:24: error: channels_config.message_timeout_secs: 0 is out of range; write a number from 1 to 86400 (default 300)",
            ])
    }

    @Test func syntaxErrorsInEveryFileAreReportedTogether() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("config.toml", "[channels_config.matrix]\nhomeserver = https://matrix.org\n")
        try dir.write("config.d/channels.toml", "[channels_config.matrix]\nroom_id = \"!a:b.org\n")
        #expect(
            dir.diagnostics().map { $0.replacingOccurrences(of: dir.path + "/", with: "") } == [
                "config.toml:2:14: error: TOML syntax: found the bare word https://matrix.org where a value should be; strings must be quoted: write \"https://matrix.org\"",
                "config.d/channels.toml:2:11: error: TOML syntax: this string is not closed before the end of line; add the closing \" (use \"\"\"...\"\"\" for a multi-line string)",
            ])
    }

    @Test func normalisesValuesAsPRXDoes() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write(
            "config.toml",
            """
            [channels_config.matrix]
            homeserver = " https://matrix.example.org/// "
            access_token = "  syt_abc  "
            user_id = " "
            device_id = ""
            room_id = "#general:example.org"
            room_ids = ["!b:example.org", "#general:example.org", " "]
            allowed_users = [" @Alice:example.org ", "", "*"]
            receipt_reaction = ""
            log_level = "DEBUG"
            state_dir = "state"
            """)
        let config = try dir.load().config
        #expect(config.homeserver.absoluteString == "https://matrix.example.org")
        #expect(config.accessToken.value == "syt_abc")
        #expect(config.userID == nil && config.deviceID == nil)
        #expect(config.rooms.map(\.description) == ["#general:example.org", "!b:example.org"])
        #expect(config.allowedUsers == .everybody)
        #expect(config.receiptReaction == nil && config.doneReaction == "✅")
        #expect(config.logLevel == .debug)
        #expect(config.stateDirectory.hasSuffix("/state") && config.stateDirectory.hasPrefix("/"))
    }

    @Test func redactedRenderingNeverShowsTheToken() throws {
        let dir = try ConfigDirectory()
        defer { dir.remove() }
        try dir.write("config.toml", seedExample)
        let config = try dir.load().config
        let rendered = config.redactedDescription
        #expect(rendered.contains("access_token = \"<redacted: 32 chars>\""))
        #expect(!rendered.contains("syt_"))
        #expect(!"\(config)".contains("syt_") && !String(reflecting: config).contains("syt_"))
        // The rendering is itself a valid config that loads back to the same values.
        let again = try ConfigDirectory()
        defer { again.remove() }
        try again.write("config.toml", rendered)
        let reloaded = try again.load().config
        #expect(
            reloaded.rooms == config.rooms && reloaded.allowedUsers == config.allowedUsers
                && reloaded.socketPath == config.socketPath)
        #expect(reloaded.accessToken.value == "<redacted: 32 chars>")
    }
}
