/// Reading one config file (or listing config.d), turning every failure into a precise diagnostic.
import Foundation

/// File-system access for the loader.
enum ConfigFile {
    /// Why a file could not be read.
    enum Problem: Error {
        case missing
        case directory
        case unreadable(String)
        case notUTF8(line: Int, column: Int)

        /// `configDirFromEnvironment` is `OPENPRX_CONFIG_DIR` when set: the message then names it.
        func diagnostic(file: String, isDefault: Bool, defaultPath: String, configDirFromEnvironment: String? = nil)
            -> ConfigDiagnostic
        {
            switch self {
            case .missing where isDefault:
                let origin =
                    configDirFromEnvironment.map { "the default path under OPENPRX_CONFIG_DIR=\($0)" }
                    ?? "the default path; OPENPRX_CONFIG_DIR is not set"
                return ConfigDiagnostic(
                    .error, file: file, key: nil, problem: "config file not found (\(origin))",
                    fix:
                        "create it with a [channels_config.matrix] table (see config/example.toml), set OPENPRX_CONFIG_DIR to PRX's config directory, or pass --config PATH"
                )
            case .missing:
                return ConfigDiagnostic(
                    .error, file: file, key: nil, problem: "config file not found",
                    fix: "check the path given to --config (without --config the default is \(defaultPath))")
            case .directory:
                return ConfigDiagnostic(
                    .error, file: file, key: nil, problem: "is a directory, not a config file",
                    fix:
                        "pass the file itself, e.g. --config \((file as NSString).appendingPathComponent("config.toml"))"
                )
            case .unreadable(let reason):
                return ConfigDiagnostic(
                    .error, file: file, key: nil, problem: "cannot be read (\(reason))",
                    fix:
                        "make it readable by the user running prx-matrix, e.g. chown that user \(file) && chmod 600 \(file)"
                )
            case .notUTF8(let line, let column):
                var diagnostic = ConfigDiagnostic(
                    .error, file: file, key: nil, problem: "TOML syntax: the file is not valid UTF-8",
                    fix: "save it as UTF-8 (TOML files must be UTF-8)")
                diagnostic.line = line
                diagnostic.column = column
                return diagnostic
            }
        }
    }

    /// The text of `path`.
    static func read(_ path: String) -> Result<String, Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .failure(.missing) }
        if isDirectory.boolValue { return .failure(.directory) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return .failure(.unreadable("permission denied"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return .failure(.unreadable(error.localizedDescription))
        }
        if let text = String(data: data, encoding: .utf8) { return .success(text) }
        return .failure(firstInvalidUTF8(data))
    }

    /// Where the first invalid UTF-8 sequence of `data` is.
    private static func firstInvalidUTF8(_ data: Data) -> Problem {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == 0x0A { line += 1; column = 1 } else { column += 1 }
            case .error, .emptyInput:
                return .notUTF8(line: line, column: column)
            }
        }
    }

    /// The `*.toml` names in `directory`, in byte order of their names; none if it does not exist.
    static func dropInFiles(_ directory: String) -> Result<[String], Problem> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .success([])
        }
        do {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".toml") }
            return .success(names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        } catch {
            return .failure(.unreadable("cannot list the directory: \(error.localizedDescription)"))
        }
    }
}
