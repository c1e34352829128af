/// Helpers for the config tests: a compact rendering of parsed TOML, temporary config directories.
import Foundation
@testable import Shared

/// A one-line rendering of a TOML value, so tests compare documents as short strings.
func render(_ value: TOMLValue) -> String {
    switch value {
    case .string(let s): TOMLString.quoted(s)
    case .integer(let i): String(i)
    case .float(let f): f.isNaN ? "nan" : f == .infinity ? "inf" : f == -.infinity ? "-inf" : String(f)
    case .boolean(let b): String(b)
    case .dateTime(let d): "\(d.kind.rawValue)(\(d.text))"
    case .array(let items): "[" + items.map { render($0.value) }.joined(separator: ", ") + "]"
    case .table(let t): render(t)
    }
}

/// `{key = value, ...}` in key order.
func render(_ table: TOMLTable) -> String {
    "{" + table.entriesInOrder.map { "\(TOMLString.key($0.key)) = \(render($0.node.value))" }.joined(separator: ", ")
        + "}"
}

/// Parses `text` (file name `t.toml`) and renders it.
func parsed(_ text: String) throws -> String {
    render(try TOMLParser.parse(text, file: "t.toml"))
}

/// The syntax error `text` produces, as `LINE:COLUMN`.
func syntaxErrorPosition(_ text: String) -> String? {
    do {
        _ = try TOMLParser.parse(text, file: "t.toml")
        return nil
    } catch {
        return "\(error.location.line):\(error.location.column)"
    }
}

/// A fresh temporary directory holding config files; removed by `remove()`.
struct ConfigDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("prx-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` at `name` (relative to the directory), creating folders; returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    /// `config.toml` in this directory.
    var main: String { (path as NSString).appendingPathComponent("config.toml") }

    /// Loads `config.toml` with a clean environment.
    func load() throws(ConfigError) -> LoadedConfig {
        try ConfigLoader(environment: ["HOME": path]).load(path: main)
    }

    /// The diagnostics loading produces (empty if it loads without warnings).
    func diagnostics() -> [String] {
        do {
            return try load().warnings.map(\.description)
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The seed's example `[channels_config.matrix]`, copied verbatim from the PRX Matrix page (section "4. Configure").
let seedExample = """
    [channels_config.matrix]
    homeserver = "https://matrix.org"
    access_token = "syt_xxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    room_id = "!abc123def456:matrix.org"
    allowed_users = ["@alice:matrix.org", "@bob:matrix.org"]

    """
