/// A real Synapse homeserver for integration tests, run through `scripts/synapse` in a fresh temporary directory.
public import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A failure starting, driving or talking to the test homeserver, with what the script or server said.
public enum SynapseError: Error, CustomStringConvertible {
    /// `scripts/synapse ARGUMENTS` exited with `status`; `stderr` holds its explanation (often the Synapse log tail).
    case scriptFailed(arguments: [String], status: Int32, stderr: String)
    /// `scripts/synapse ARGUMENTS` succeeded but printed something this fixture cannot read.
    case unreadableOutput(arguments: [String], output: String)

    /// What happened and what to do, for the test log.
    public var description: String {
        switch self {
        case .scriptFailed(let arguments, let status, let stderr):
            "scripts/synapse \(arguments.joined(separator: " ")) exited \(status) "
                + "(no venv? run scripts/setup or set PRX_MATRIX_VENV):\n\(stderr)"
        case .unreadableOutput(let arguments, let output):
            "scripts/synapse \(arguments.joined(separator: " ")) printed unreadable output: \(output)"
        }
    }
}

/// A Matrix session on the test homeserver: what registration or `/login` returned.
public struct SynapseAccount: Sendable, Decodable, Equatable {
    /// The full user id, e.g. `@alice:localhost`.
    public let userID: String
    /// The access token for `Authorization: Bearer`.
    public let accessToken: String
    /// The device the token belongs to.
    public let deviceID: String
    /// The refresh token, when the login asked for one.
    public let refreshToken: String?
    /// How long the access token lives, when the login asked for a refresh token.
    public let expiresInMs: Int?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case accessToken = "access_token"
        case deviceID = "device_id"
        case refreshToken = "refresh_token"
        case expiresInMs = "expires_in_ms"
    }
}

/// One HTTP answer of the test homeserver.
public struct SynapseResponse {
    /// The HTTP status code.
    public let status: Int
    /// The body as a JSON object; empty if the body is not one.
    public let json: [String: Any]
    /// The response headers, names in lower case.
    public let headers: [String: String]

    /// The Matrix `errcode` of an error answer, e.g. `M_LIMIT_EXCEEDED`.
    public var errcode: String? { json["errcode"] as? String }
}

/// A Synapse on 127.0.0.1 with its own SQLite database, started by ``start(overlay:)``.
///
/// The server is tied to the test process (`scripts/synapse start --owner`), so a test that fails before
/// ``stop()`` leaks no homeserver beyond the test run.
public final class SynapseServer: Sendable {
    /// The data directory (database, keys, `homeserver.log`).
    public let directory: URL
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// `http://127.0.0.1:PORT`.
    public let baseURL: URL
    private let overlayFile: URL?
    private let session = URLSession(configuration: .ephemeral)
    /// Whether this server still holds a slot of ``SynapseGate``.
    private let holdsSlot = Mutex(true)

    private init(directory: URL, port: Int, baseURL: URL, overlayFile: URL?) {
        self.directory = directory
        self.port = port
        self.baseURL = baseURL
        self.overlayFile = overlayFile
    }

    /// Starts a fresh Synapse on a free port; `overlay` is YAML whose top-level keys replace the test
    /// defaults (e.g. `rc_message: {per_second: 0.1, burst_count: 2}` to get real rate limits).
    public static func start(overlay: String? = nil) async throws -> SynapseServer {
        await SynapseGate.shared.acquire()
        do {
            return try await launchNew(overlay: overlay)
        } catch {
            SynapseGate.shared.release()
            throw error
        }
    }

    private static func launchNew(overlay: String?) async throws -> SynapseServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("prx-matrix-synapse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var overlayFile: URL?
        if let overlay {
            let file = directory.appendingPathComponent("overlay-input.yaml")
            try Data(overlay.utf8).write(to: file)
            overlayFile = file
        }
        let port = try await launch(directory: directory, port: nil, overlayFile: overlayFile)
        guard let baseURL = URL(string: "http://127.0.0.1:\(port)") else {
            throw SynapseError.unreadableOutput(arguments: ["start", directory.path], output: String(port))
        }
        return SynapseServer(directory: directory, port: port, baseURL: baseURL, overlayFile: overlayFile)
    }

    /// Stops the server and starts it again on the same data and port: an outage, as a worker sees one.
    public func restart() async throws {
        try await Self.runScript(["stop", directory.path])
        _ = try await Self.launch(directory: directory, port: port, overlayFile: overlayFile)
    }

    /// Stops the server (SIGTERM, then SIGKILL after a grace) and deletes its data directory.
    public func stop() async throws {
        defer { releaseSlot() }
        try await Self.runScript(["stop", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    private func releaseSlot() {
        if holdsSlot.withLock({ held in
            defer { held = false }; return held
        }) {
            SynapseGate.shared.release()
        }
    }

    // The session lives as long as the fixture: a request after `stop()` must fail as a closed port, not crash.
    deinit {
        session.finishTasksAndInvalidate()
        releaseSlot()
    }

    /// Creates a user with the shared secret; the returned account is already logged in on one device.
    @discardableResult
    public func register(user: String, password: String, admin: Bool = false) async throws -> SynapseAccount {
        try await account(["user", directory.path, user, password] + (admin ? ["--admin"] : []))
    }

    /// Logs in with a password; `deviceID` reuses a device (its old token is then invalid),
    /// `refreshToken` asks for a refresh token and an expiring access token.
    public func login(
        user: String, password: String, deviceID: String? = nil, refreshToken: Bool = false
    ) async throws -> SynapseAccount {
        var arguments = ["login", directory.path, user, password]
        if let deviceID { arguments += ["--device", deviceID] }
        if refreshToken { arguments.append("--refresh") }
        return try await account(arguments)
    }

    /// Sends one request to the homeserver (`path` starts with `/_matrix/…`) and returns its answer.
    /// Throws only when no HTTP answer came (e.g. the server is stopped).
    public func request(
        method: String = "GET", path: String, token: String? = nil, json: [String: Any]? = nil
    ) async throws -> SynapseResponse {
        guard let url = URL(string: baseURL.absoluteString + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (body, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var headers: [String: String] = [:]
        for case (let name as String, let value as String) in http.allHeaderFields {
            headers[name.lowercased()] = value
        }
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        return SynapseResponse(status: http.statusCode, json: object ?? [:], headers: headers)
    }

    private func account(_ arguments: [String]) async throws -> SynapseAccount {
        let output = try await Self.runScript(arguments)
        do {
            return try JSONDecoder().decode(SynapseAccount.self, from: Data(output.utf8))
        } catch {
            throw SynapseError.unreadableOutput(arguments: arguments, output: output)
        }
    }

    private static func launch(directory: URL, port: Int?, overlayFile: URL?) async throws -> Int {
        var arguments = ["start", directory.path]
        if let port { arguments.append(String(port)) }
        if let overlayFile { arguments += ["--overlay", overlayFile.path] }
        arguments += ["--owner", String(ProcessInfo.processInfo.processIdentifier)]
        let output = try await runScript(arguments)
        guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw SynapseError.unreadableOutput(arguments: arguments, output: output)
        }
        return port
    }
}
