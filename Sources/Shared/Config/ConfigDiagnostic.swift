/// One problem found in the configuration: where, which key, what is wrong, what to write instead.

/// A config error or warning, rendered as
/// `FILE:LINE:COLUMN: error: channels_config.matrix.room_id: "abc" is not a room id or alias; write "!opaque:server" or "#alias:server"`.
public struct ConfigDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Hashable {
        /// The config cannot be used (exit 78).
        case error
        /// The config works but probably not as meant.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The file the problem is in (the file that set the value).
    public var file: String
    /// The line, when the problem has a place inside the file.
    public var line: Int?
    /// The column, when the problem has a place inside the file.
    public var column: Int?
    /// The dotted key path, e.g. `channels_config.matrix.room_id`, when the problem concerns a key.
    public var keyPath: String?
    /// What is wrong.
    public var problem: String
    /// What to write or do instead.
    public var fix: String

    /// A problem at a place inside a file.
    public init(_ severity: Severity, at location: SourceLocation, key: String?, problem: String, fix: String) {
        self.init(severity, file: location.file, key: key, problem: problem, fix: fix)
        line = location.line
        column = location.column
    }

    /// A problem with a whole file (missing, unreadable, ...).
    public init(_ severity: Severity, file: String, key: String?, problem: String, fix: String) {
        self.severity = severity
        self.file = file
        self.keyPath = key
        self.problem = problem
        self.fix = fix
    }

    /// `FILE[:LINE:COLUMN]: SEVERITY: [KEY: ]PROBLEM; FIX`.
    public var description: String {
        var place = file
        if let line, let column { place += ":\(line):\(column)" }
        let key = keyPath.map { "\($0): " } ?? ""
        return "\(place): \(severity.rawValue): \(key)\(problem); \(fix)"
    }
}

/// The configuration could not be loaded: every problem found, errors and warnings, in file order.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// All problems found (at least one error).
    public var diagnostics: [ConfigDiagnostic]

    /// An error made of `diagnostics`.
    public init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// The errors only.
    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Every diagnostic on its own line, then a count.
    public var description: String {
        let errorCount = errors.count
        let warningCount = diagnostics.count - errorCount
        let summary =
            "\(errorCount) error\(errorCount == 1 ? "" : "s")"
            + (warningCount > 0 ? ", \(warningCount) warning\(warningCount == 1 ? "" : "s")" : "")
        return (diagnostics.map(\.description) + [summary]).joined(separator: "\n")
    }
}
