/// Names and versions shared by the supervisor and the worker.

/// Facts about this build that both executables print and send.
public enum ProjectInfo {
    /// The daemon's version, reported in `welcome`, `status` and `--version`.
    public static let version = "0.1.0"
    /// The agent protocol version this build speaks (PROTOCOL.md).
    public static let agentProtocolVersion = 1
}
