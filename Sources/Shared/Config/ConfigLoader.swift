/// Finds, reads, parses and merges PRX's config files, then validates the Matrix channel's part.
public import Foundation

/// Loads `config.toml` and `config.d/*.toml` as PRX does and returns the validated `MatrixConfig`.
public struct ConfigLoader: Sendable {
    /// The environment consulted for `OPENPRX_CONFIG_DIR` and `HOME`.
    public var environment: [String: String]

    /// A loader reading `environment` (by default the process's).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The user's home directory (`HOME`, else the account's).
    var home: String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    /// `path` with a leading `~/` expanded.
    func expandingTilde(_ path: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// `$OPENPRX_CONFIG_DIR/config.toml` if that variable is set, else `~/.openprx/config.toml`.
    public func defaultConfigPath() -> String {
        if let dir = environment["OPENPRX_CONFIG_DIR"], !dir.isEmpty {
            return (expandingTilde(dir) as NSString).appendingPathComponent("config.toml")
        }
        return (home as NSString).appendingPathComponent(".openprx/config.toml")
    }

    /// Loads the config at `path` (or the default path) and `config.d/*.toml` beside it.
    /// Throws every problem found at once; returns the config and its warnings otherwise.
    public func load(path: String?) throws(ConfigError) -> LoadedConfig {
        let mainPath = path.map(expandingTilde) ?? defaultConfigPath()
        var diagnostics: [ConfigDiagnostic] = []
        var tables: [TOMLTable] = []
        var files: [String] = []

        switch ConfigFile.read(mainPath) {
        case .success(let text):
            files.append(mainPath)
            switch Result(catching: { () throws(TOMLSyntaxError) in try TOMLParser.parse(text, file: mainPath) }) {
            case .success(let table): tables.append(table)
            case .failure(let error): diagnostics.append(Self.diagnostic(error))
            }
        case .failure(let problem):
            diagnostics.append(
                problem.diagnostic(
                    file: mainPath, isDefault: path == nil, defaultPath: defaultConfigPath(),
                    configDirFromEnvironment: environment["OPENPRX_CONFIG_DIR"].flatMap { $0.isEmpty ? nil : $0 }))
            throw ConfigError(diagnostics: diagnostics)
        }

        let directory = (mainPath as NSString).deletingLastPathComponent
        let dropIn = directory.isEmpty ? "config.d" : (directory as NSString).appendingPathComponent("config.d")
        switch ConfigFile.dropInFiles(dropIn) {
        case .success(let names):
            for name in names {
                let file = (dropIn as NSString).appendingPathComponent(name)
                switch ConfigFile.read(file) {
                case .success(let text):
                    files.append(file)
                    switch Result(catching: { () throws(TOMLSyntaxError) in try TOMLParser.parse(text, file: file) }) {
                    case .success(let table): tables.append(table)
                    case .failure(let error): diagnostics.append(Self.diagnostic(error))
                    }
                case .failure(let problem):
                    diagnostics.append(
                        problem.diagnostic(file: file, isDefault: false, defaultPath: defaultConfigPath()))
                }
            }
        case .failure(let problem):
            diagnostics.append(problem.diagnostic(file: dropIn, isDefault: false, defaultPath: defaultConfigPath()))
        }
        guard diagnostics.isEmpty, let first = tables.first else { throw ConfigError(diagnostics: diagnostics) }

        let merged = tables.dropFirst().reduce(first) { $0.merging($1) }
        let absoluteMain = URL(fileURLWithPath: mainPath).standardizedFileURL.path
        var validator = ConfigValidator(
            root: merged, mainFile: mainPath, configDirectory: (absoluteMain as NSString).deletingLastPathComponent,
            files: files, loader: self)
        let config = validator.validate()
        let sorted = Self.sorted(validator.diagnostics, files: files)
        guard let config, !sorted.contains(where: { $0.severity == .error }) else {
            throw ConfigError(diagnostics: sorted)
        }
        return LoadedConfig(config: config, warnings: sorted)
    }

    /// `diagnostics` in file order (files as read), then by line and column.
    static func sorted(_ diagnostics: [ConfigDiagnostic], files: [String]) -> [ConfigDiagnostic] {
        func key(_ d: ConfigDiagnostic) -> (Int, Int, Int) {
            (files.firstIndex(of: d.file) ?? files.count, d.line ?? 0, d.column ?? 0)
        }
        return diagnostics.enumerated().sorted { a, b in
            let (ka, kb) = (key(a.element), key(b.element))
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    static func diagnostic(_ error: TOMLSyntaxError) -> ConfigDiagnostic {
        ConfigDiagnostic(
            .error, at: error.location, key: nil, problem: "TOML syntax: \(error.problem)", fix: error.expected)
    }
}

/// A config that loaded: the validated values and the warnings to show.
public struct LoadedConfig: Sendable {
    /// The validated config.
    public var config: MatrixConfig
    /// Warnings (unknown keys, an empty allow list, ...); the config is usable anyway.
    public var warnings: [ConfigDiagnostic]
}
