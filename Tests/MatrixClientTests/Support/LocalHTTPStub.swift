/// A tiny HTTP/1.1 server on 127.0.0.1 with canned answers, for client behaviour no homeserver shows on demand.
import Foundation
import Glibc
import Synchronization

/// Accepts connections on 127.0.0.1 and answers each request with `respond(request)`; `nil` never answers
/// (the connection stays open until ``stop()``), for timeouts and cancellation. With `keepAlive`, a connection
/// serves requests (on a thread of its own) until the client closes it.
final class LocalHTTPStub: Sendable {
    /// One request as received.
    struct Request: Sendable {
        let head: String
        let body: Data

        /// The value of header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            for line in head.split(separator: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }

        /// `METHOD /path?query`.
        var requestLine: String { String(head.split(separator: "\r\n").first ?? "") }
    }

    struct StubError: Error, CustomStringConvertible {
        let description: String
    }

    let port: UInt16
    private let listener: Int32
    private let state = State()

    /// What the accept thread shares with the test: connections held open and requests seen.
    private final class State: Sendable {
        let held = Mutex<[Int32]>([])
        let received = Mutex<[Request]>([])
        let accepted = Mutex<[Int32]>([])
    }

    /// Requests seen so far.
    var requests: [Request] { state.received.withLock { $0 } }

    /// Connections accepted so far.
    var connections: Int { state.accepted.withLock { $0.count } }

    /// The base URL, `http://127.0.0.1:PORT`.
    let url: URL

    init(keepAlive: Bool = false, respond: @escaping @Sendable (Request) -> String?) throws {
        let (fd, port) = try Self.boundSocket(listening: true)
        listener = fd
        self.port = port
        guard let url = URL(string: "http://127.0.0.1:\(port)") else {
            Glibc.close(fd)
            throw StubError(description: "no URL for port \(port)")
        }
        self.url = url
        let thread = Thread { [listener, state] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 {
                    // The thread owns the listener: closing it here means its number cannot be reused
                    // by another stub while this thread could still accept on it.
                    Glibc.close(listener)
                    return
                }
                state.accepted.withLock { $0.append(client) }
                if keepAlive {
                    Thread { LocalHTTPStub.serve(client, keepAlive: true, state: state, respond: respond) }.start()
                } else {
                    LocalHTTPStub.serve(client, keepAlive: false, state: state, respond: respond)
                }
            }
        }
        thread.start()
    }

    /// Answers the requests on one connection: one, or with `keepAlive` all until the client closes it.
    private static func serve(
        _ client: Int32, keepAlive: Bool, state: State, respond: @Sendable (Request) -> String?
    ) {
        while let request = LocalHTTPStub.read(client) {
            state.received.withLock { $0.append(request) }
            guard let answer = respond(request) else {
                state.held.withLock { $0.append(client) }
                return
            }
            _ = answer.utf8CString.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count - 1) }
            if !keepAlive { break }
        }
        Glibc.close(client)
    }

    /// Stops accepting (the accept thread then closes the listener) and closes every held connection.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in state.held.withLock({ $0 }) { Glibc.close(fd) }
    }

    /// A complete HTTP response with a JSON (or any) body; `keepAlive` leaves out `Connection: close`.
    static func response(
        _ status: Int, _ body: String, headers: [String: String] = [:], keepAlive: Bool = false
    ) -> String {
        var text = "HTTP/1.1 \(status) Stub\r\nContent-Type: application/json\r\n"
        if !keepAlive { text += "Connection: close\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        return text + "Content-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    /// A port on 127.0.0.1 that nothing listens on (bound, then closed without listening).
    static func closedPort() throws -> UInt16 {
        let (fd, port) = try boundSocket(listening: false)
        Glibc.close(fd)
        return port
    }

    /// A TCP socket bound to a free port on 127.0.0.1, listening or not.
    private static func boundSocket(listening: Bool) throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StubError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && (!listening || listen(fd, 16) == 0)
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(fd)
            throw StubError(description: "bind/listen: errno \(errno)")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    private static func read(_ fd: Int32) -> Request? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = data.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                let length = Request(head: head, body: Data()).header("Content-Length").flatMap { Int($0) } ?? 0
                if data.count - end.upperBound >= length {
                    return Request(head: head, body: data[end.upperBound..<end.upperBound + length])
                }
            }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            data.append(contentsOf: buffer[0..<count])
        }
    }
}
