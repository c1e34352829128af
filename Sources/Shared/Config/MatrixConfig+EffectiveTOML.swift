/// The effective config as TOML, defaults filled in and the access token redacted (for check-config).
import Foundation
import Logging

extension MatrixConfig {
    /// The effective configuration as TOML that loads back to the same config (except the token,
    /// shown as `"<redacted: N chars>"`; a token file is shown by its path, never its content).
    public var redactedDescription: String {
        var lines = [
            "# Effective configuration of prx-matrix (defaults filled in, access token redacted).",
            "# Files read, in merge order: \(files.joined(separator: ", "))",
            "",
            "[channels_config]",
            "message_timeout_secs = \(messageTimeoutSecs)",
            "",
            "[channels_config.matrix]",
            "homeserver = \(TOMLString.quoted(homeserver.absoluteString))",
        ]
        switch accessToken.source {
        case .inline: lines.append("access_token = \(TOMLString.quoted(accessToken.redacted))")
        case .file(let path):
            lines.append("access_token_file = \(TOMLString.quoted(path))  # token \(accessToken.redacted)")
        }
        lines.append(
            userID.map { "user_id = \(TOMLString.quoted($0.rawValue))" } ?? "# user_id: unset (whoami decides)")
        lines.append(deviceID.map { "device_id = \(TOMLString.quoted($0))" } ?? "# device_id: unset (whoami decides)")
        if let first = rooms.first { lines.append("room_id = \(TOMLString.quoted(first.description))") }
        lines.append("room_ids = \(Self.list(rooms.dropFirst().map(\.description)))")
        lines.append("allowed_users = \(Self.list(allowedUsers.asConfigList))")
        lines += [
            "mention_only = \(mentionOnly)",
            "state_dir = \(TOMLString.quoted(stateDirectory))",
            "socket_path = \(TOMLString.quoted(socketPath))",
            "receipt_reaction = \(TOMLString.quoted(receiptReaction ?? ""))",
            "done_reaction = \(TOMLString.quoted(doneReaction ?? ""))",
        ]
        let numbers: [String: Int] = [
            "max_frame_bytes": maxFrameBytes, "window": window, "sync_timeout_secs": syncTimeoutSecs,
            "sync_timeline_limit": syncTimelineLimit, "catch_up_max_events": catchUpMaxEvents,
            "outcome_retention_hours": outcomeRetentionHours,
            "crash_loop_max_restarts": crashLoopMaxRestarts, "crash_loop_window_secs": crashLoopWindowSecs,
            "stop_grace_secs": stopGraceSecs, "heartbeat_secs": heartbeatSecs,
        ]
        for setting in IntegerSetting.matrix {
            lines.append("\(setting.key) = \(numbers[setting.key] ?? setting.defaultValue)")
        }
        lines.append(
            workerPath.map { "worker_path = \(TOMLString.quoted($0))" }
                ?? "# worker_path: unset (beside the prx-matrix executable)")
        lines += [
            "log_level = \(TOMLString.quoted(logLevel.rawValue))",
            "",
            "[reliability]",
            "channel_initial_backoff_secs = \(channelInitialBackoffSecs)",
            "channel_max_backoff_secs = \(channelMaxBackoffSecs)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.map(TOMLString.quoted).joined(separator: ", ") + "]"
    }
}
