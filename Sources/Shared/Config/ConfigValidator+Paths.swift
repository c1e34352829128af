/// Path keys (resolved against the config directory) and the access token, inline or from a protected file.
import Foundation

extension ConfigValidator {
    /// The longest path a Unix socket address holds (`sun_path` is 108 bytes with the final NUL).
    static let maxSocketPathBytes = 107

    /// `path` made absolute: `~/` expands to the home directory, relative paths start at the config directory.
    func resolve(_ path: String) -> String {
        let expanded = loader.expandingTilde(path)
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        return ((configDirectory as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }

    /// A path key, resolved; nil if absent or blank.
    mutating func path(_ name: String, in table: TOMLTable) -> String? {
        optionalString(name, in: table).map { resolve($0.value) }
    }

    /// `socket_path`, or `<state_dir>/agent.sock`; too long for a Unix socket is an error.
    mutating func socket(_ matrix: TOMLTable, stateDirectory: String) -> String {
        let explicit = path("socket_path", in: matrix)
        let socket = explicit ?? (stateDirectory as NSString).appendingPathComponent("agent.sock")
        let bytes = socket.utf8.count
        guard bytes > Self.maxSocketPathBytes else { return socket }
        let node = matrix["socket_path"] ?? matrix["state_dir"]
        let key = explicit != nil ? "socket_path" : matrix["state_dir"] != nil ? "state_dir" : "socket_path"
        report(
            .error, node?.location ?? matrix.location, "\(Self.matrixPath).\(key)",
            "the agent socket path \(socket) is \(bytes) bytes, more than the \(Self.maxSocketPathBytes) a Unix socket allows",
            fix: "write a shorter socket_path, e.g. socket_path = \"/run/prx-matrix/agent.sock\"")
        return socket
    }

    /// The token from `access_token` or `access_token_file` (exactly one of them).
    mutating func accessToken(_ matrix: TOMLTable) -> AccessToken? {
        let reported = diagnostics.count
        let inline = optionalString("access_token", in: matrix)
        let file = optionalString("access_token_file", in: matrix)
        guard diagnostics.count == reported else { return nil }
        let key = "\(Self.matrixPath).access_token"
        switch (inline, file) {
        case (let inline?, let file?):
            report(
                .error, file.node.keyLocation ?? file.node.location, "\(key)_file",
                "both access_token (at \(inline.node.keyLocation ?? inline.node.location)) and access_token_file are set",
                fix: "keep only one: remove access_token to read the token from the file, or remove access_token_file")
            return nil
        case (let inline?, nil):
            return AccessToken(value: inline.value, source: .inline)
        case (nil, let file?):
            return tokenFromFile(file.value, node: file.node)
        case (nil, nil):
            if let node = matrix["access_token"] {
                report(
                    .error, node.location, key, "is empty",
                    fix: "write the bot's access token, access_token = \"syt_...\", or set access_token_file")
            } else {
                missing(
                    "access_token", in: matrix,
                    fix:
                        "add access_token = \"syt_...\" (the bot's access token), or access_token_file = \"/path/to/token\""
                )
            }
            return nil
        }
    }

    private mutating func tokenFromFile(_ value: String, node: TOMLNode) -> AccessToken? {
        let path = resolve(value)
        let key = "\(Self.matrixPath).access_token_file"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            report(
                .error, node.location, key, "token file \(path) does not exist",
                fix: "create it: (umask 077; printf '%s\\n' 'syt_...' > \(path)), or write the path of your token file")
            return nil
        }
        guard !isDirectory.boolValue else {
            report(
                .error, node.location, key, "\(path) is a directory",
                fix: "write the path of the file that holds the token")
            return nil
        }
        let mode =
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        if mode & 0o004 != 0 {
            report(
                .error, node.location, key,
                "token file \(path) is readable by every user (mode \(String(mode & 0o777, radix: 8)))",
                fix: "run chmod 600 \(path)")
            return nil
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path)
        else {
            report(
                .error, node.location, key, "cannot read token file \(path) (permission denied)",
                fix: "make it readable by the user running prx-matrix: chown that user \(path) && chmod 600 \(path)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            report(
                .error, node.location, key, "token file \(path) is not UTF-8 text",
                fix: "put only the access token in it")
            return nil
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            report(.error, node.location, key, "token file \(path) is empty", fix: "put the bot's access token in it")
            return nil
        }
        return AccessToken(value: token, source: .file(path))
    }
}
