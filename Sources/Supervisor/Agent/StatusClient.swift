/// The client side of `prx-matrix status`: an observer `hello` on the agent socket, read back `welcome` and `status`.
import Foundation
import Shared
#if canImport(Glibc)
    import Glibc
#endif

/// Why the daemon could not be asked.
enum StatusClientError: Error, CustomStringConvertible, Equatable {
    /// Nothing listens at the path (no socket file, or a stale one).
    case notRunning(path: String, reason: String)
    /// The daemon closed the connection or answered something unexpected.
    case badAnswer(path: String, detail: String)

    var description: String {
        switch self {
        case .notRunning(let path, let reason):
            "no prx-matrix daemon is running on \(path) (\(reason)); start it with `prx-matrix run`"
        case .badAnswer(let path, let detail):
            "the daemon on \(path) did not answer as expected: \(detail)"
        }
    }
}

/// What `status` reports.
struct DaemonReport: Equatable, Sendable {
    /// The daemon's state.
    var state: AgentState
    /// Why, if the daemon said.
    var detail: String?
    /// The bot's user id (empty until known).
    var userID: String
    /// The bot's device id (empty until known).
    var deviceID: String
    /// The configured rooms.
    var rooms: [String]
    /// The daemon's name and version, if it said.
    var daemon: String?

    /// The report as one JSON object (for `status --json`).
    var jsonObject: JSONObject {
        var object: JSONObject = ["state": .string(state.rawValue)]
        if let detail { object["detail"] = .string(detail) }
        object["user_id"] = .string(userID)
        object["device_id"] = .string(deviceID)
        object["rooms"] = .array(rooms.map(JSONValue.string))
        if let daemon { object["daemon"] = .string(daemon) }
        return object
    }
}

/// Asks a running daemon for its state without disturbing the agent: `hello` with `"observe":true`
/// never supersedes the agent's session and gets no messages (docs/PROTOCOL.md).
enum StatusClient {
    /// Connects to `path`, says hello as an observer, and returns what `welcome` and `status` say.
    static func ask(path: String) async throws(StatusClientError) -> DaemonReport {
        let socket = try connect(path)
        defer { socket.close() }
        let hello: JSONObject = [
            "type": "hello", "protocol": 1, "agent": .string("prx-matrix-status"), "observe": true,
        ]
        guard let bytes = try? FrameEncoder().encode(hello), await socket.send(bytes) else {
            throw .badAnswer(path: path, detail: "the connection closed before hello was sent")
        }
        var decoder = FrameDecoder(maxFrameBytes: Int(UInt32.max))
        var welcome: JSONObject?
        for await chunk in socket.incoming {
            decoder.feed(chunk)
            do {
                while let frame = try decoder.next() {
                    switch frame.type {
                    case "welcome":
                        welcome = frame.object
                    case "status":
                        guard let welcome else { continue }
                        return try report(welcome: welcome, status: frame, path: path)
                    case "error":
                        throw StatusClientError.badAnswer(
                            path: path, detail: string(frame.object["message"]) ?? "an error")
                    default:
                        continue
                    }
                }
            } catch let error as StatusClientError {
                throw error
            } catch {
                throw .badAnswer(path: path, detail: "\(error)")
            }
        }
        throw .badAnswer(path: path, detail: "the connection closed before welcome and status arrived")
    }

    private static func report(welcome: JSONObject, status statusFrame: Frame, path: String) throws(StatusClientError)
        -> DaemonReport
    {
        let status: DaemonMessage
        do { status = try DaemonMessage(frame: statusFrame) } catch { throw .badAnswer(path: path, detail: "\(error)") }
        guard case .status(let state, let detail) = status else {
            throw .badAnswer(path: path, detail: "no status")
        }
        var rooms: [String] = []
        if case .array(let values)? = welcome["rooms"] { rooms = values.compactMap(string) }
        return DaemonReport(
            state: state, detail: detail, userID: string(welcome["user_id"]) ?? "",
            deviceID: string(welcome["device_id"]) ?? "", rooms: rooms, daemon: string(welcome["daemon"]))
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let string)? = value { return string }
        return nil
    }

    private static func connect(_ path: String) throws(StatusClientError) -> SocketConnection {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .notRunning(path: path, reason: "the path is too long for a Unix socket")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .notRunning(path: path, reason: String(cString: strerror(errno))) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            let reason = String(cString: strerror(errno))
            Glibc.close(fd)
            throw .notRunning(path: path, reason: reason)
        }
        return SocketConnection(fd: fd, label: "status")
    }
}
