/// Turns the merged TOML tree into a `MatrixConfig`, collecting every problem instead of stopping at the first.
import Foundation
import Logging

/// Checks `[channels_config.matrix]`, `[channels_config]` and `[reliability]`; fills in defaults.
struct ConfigValidator {
    let root: TOMLTable
    let mainFile: String
    let configDirectory: String
    let files: [String]
    let loader: ConfigLoader
    var diagnostics: [ConfigDiagnostic] = []

    static let matrixPath = "channels_config.matrix"

    init(root: TOMLTable, mainFile: String, configDirectory: String, files: [String], loader: ConfigLoader) {
        self.root = root
        self.mainFile = mainFile
        self.configDirectory = configDirectory
        self.files = files
        self.loader = loader
    }

    mutating func report(
        _ severity: ConfigDiagnostic.Severity, _ location: SourceLocation, _ key: String, _ problem: String, fix: String
    ) {
        diagnostics.append(ConfigDiagnostic(severity, at: location, key: key, problem: problem, fix: fix))
    }

    /// The config, or nil when a required part is missing (the reasons are in `diagnostics`).
    mutating func validate() -> MatrixConfig? {
        let channels = table("channels_config", in: root, path: "")
        let reliability = table("reliability", in: root, path: "")
        let messageTimeout = integer(IntegerSetting.messageTimeout, in: channels, path: "channels_config")
        let initialBackoff = integer(IntegerSetting.initialBackoff, in: reliability, path: "reliability")
        let maxBackoff = integer(IntegerSetting.maxBackoff, in: reliability, path: "reliability")
        if initialBackoff > maxBackoff, let node = reliability?["channel_initial_backoff_secs"] {
            report(
                .error, node.location, "reliability.channel_initial_backoff_secs",
                "\(initialBackoff) is larger than channel_max_backoff_secs (\(maxBackoff))",
                fix: "write a value up to \(maxBackoff), or raise channel_max_backoff_secs")
        }
        let matrixNode = channels?["matrix"]
        guard let matrix = table("matrix", in: channels, path: "channels_config") else {
            if matrixNode == nil {
                let where_ = files.count > 1 ? "this file or in config.d/*.toml" : "this file"
                diagnostics.append(
                    ConfigDiagnostic(
                        .error, file: mainFile, key: Self.matrixPath,
                        problem: "no [channels_config.matrix] table in \(where_)",
                        fix: "add the Matrix channel's table, for example:\n\n\(MatrixConfig.minimalExample)\n"))
            }
            return nil
        }
        return validateMatrix(
            matrix, messageTimeout: messageTimeout, initialBackoff: initialBackoff, maxBackoff: maxBackoff)
    }

    private mutating func validateMatrix(_ matrix: TOMLTable, messageTimeout: Int, initialBackoff: Int, maxBackoff: Int)
        -> MatrixConfig?
    {
        warnUnknownKeys(matrix)
        let homeserver = homeserverURL(matrix)
        let token = accessToken(matrix)
        let userID = optionalString("user_id", in: matrix).flatMap { value, node -> UserID? in
            identifier(value, node: node, key: "\(Self.matrixPath).user_id", fixHint: userHint(value, matrix: matrix))
        }
        let deviceID = optionalString("device_id", in: matrix)?.value
        let rooms = roomReferences(matrix)
        let allowed = allowedUsers(matrix)
        let mentionOnly = boolean("mention_only", in: matrix, default: false)
        let stateDirectory =
            path("state_dir", in: matrix) ?? (configDirectory as NSString).appendingPathComponent("matrix")
        let socketPath = socket(matrix, stateDirectory: stateDirectory)
        let receipt = reaction("receipt_reaction", in: matrix, default: "👀")
        let done = reaction("done_reaction", in: matrix, default: "✅")
        var numbers: [String: Int] = [:]
        for setting in IntegerSetting.matrix {
            numbers[setting.key] = integer(setting, in: matrix, path: Self.matrixPath)
        }
        let workerPath = path("worker_path", in: matrix)
        let logLevel = level(matrix)

        guard let homeserver, let token, let rooms else { return nil }
        return MatrixConfig(
            homeserver: homeserver, accessToken: token, userID: userID, deviceID: deviceID, rooms: rooms,
            allowedUsers: allowed, mentionOnly: mentionOnly, stateDirectory: stateDirectory, socketPath: socketPath,
            receiptReaction: receipt, doneReaction: done,
            maxFrameBytes: numbers["max_frame_bytes"] ?? 0, window: numbers["window"] ?? 0,
            syncTimeoutSecs: numbers["sync_timeout_secs"] ?? 0, syncTimelineLimit: numbers["sync_timeline_limit"] ?? 0,
            catchUpMaxEvents: numbers["catch_up_max_events"] ?? 0,
            outcomeRetentionHours: numbers["outcome_retention_hours"] ?? 0,
            crashLoopMaxRestarts: numbers["crash_loop_max_restarts"] ?? 0,
            crashLoopWindowSecs: numbers["crash_loop_window_secs"] ?? 0, stopGraceSecs: numbers["stop_grace_secs"] ?? 0,
            heartbeatSecs: numbers["heartbeat_secs"] ?? 0, workerPath: workerPath, logLevel: logLevel,
            messageTimeoutSecs: messageTimeout, channelInitialBackoffSecs: initialBackoff,
            channelMaxBackoffSecs: maxBackoff,
            files: files)
    }

    /// An error for a required key that is absent, pointing at the table's header.
    mutating func missing(_ key: String, in matrix: TOMLTable, fix: String) {
        report(
            .error, matrix.location, "\(Self.matrixPath).\(key)",
            "missing required key \(key) in [channels_config.matrix]", fix: fix)
    }

    // MARK: Keys of [channels_config.matrix]

    private mutating func warnUnknownKeys(_ matrix: TOMLTable) {
        for (key, node) in matrix.entriesInOrder where !MatrixConfig.knownKeys.contains(key) {
            let fix: String
            if let suggestion = KeySuggestion.closest(to: key, among: MatrixConfig.knownKeys) {
                fix = "did you mean \(suggestion)?"
            } else {
                fix = "remove it; the known keys are \(MatrixConfig.knownKeys.joined(separator: ", "))"
            }
            report(
                .warning, node.keyLocation ?? node.location, "\(Self.matrixPath).\(TOMLString.key(key))",
                "unknown key, ignored", fix: fix)
        }
    }

    private mutating func homeserverURL(_ matrix: TOMLTable) -> URL? {
        let key = "\(Self.matrixPath).homeserver"
        guard matrix["homeserver"] != nil else {
            missing("homeserver", in: matrix, fix: "add homeserver = \"https://matrix.org\" (your homeserver's URL)")
            return nil
        }
        guard let (raw, node) = optionalString("homeserver", in: matrix, keepBlank: true) else { return nil }
        guard !raw.isEmpty else {
            report(
                .error, node.location, key, "is empty", fix: "write your homeserver's URL, e.g. \"https://matrix.org\"")
            return nil
        }
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        let url = URL(string: text)
        let scheme = url?.scheme?.lowercased()
        guard let url, scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
            url.query == nil, url.fragment == nil, url.user == nil
        else {
            let fix =
                raw.contains("://") || raw.contains(" ")
                ? "write an http(s) URL such as \"https://matrix.org\""
                : "write \(TOMLString.quoted("https://" + text))"
            report(.error, node.location, key, "\(TOMLString.quoted(raw)) is not an http(s) URL", fix: fix)
            return nil
        }
        return url
    }

    private mutating func level(_ matrix: TOMLTable) -> Logger.Level {
        guard let (value, node) = optionalString("log_level", in: matrix) else { return .info }
        let names = Logger.Level.allCases.map(\.rawValue)
        if let level = Logger.Level(rawValue: value.lowercased()) { return level }
        let suggestion =
            KeySuggestion.closest(to: value.lowercased(), among: names).map { "write \"\($0)\", or one of " }
            ?? "write one of "
        report(
            .error, node.location, "\(Self.matrixPath).log_level", "\(TOMLString.quoted(value)) is not a log level",
            fix: suggestion + names.joined(separator: ", "))
        return .info
    }
}
