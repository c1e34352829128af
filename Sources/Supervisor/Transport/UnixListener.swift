/// The agent socket: a Unix stream listener in a 0700 directory, socket 0600, stale files removed,
/// a live daemon detected, and only peers of our own uid (or root) accepted.
import CSystemShims
import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// Why the agent socket could not be opened; each case says what to do.
enum ListenerError: Error, CustomStringConvertible, Equatable {
    case pathTooLong(String, max: Int)
    case directory(String, reason: String)
    case alreadyRunning(String)
    case notASocket(String)
    case system(String, call: String, errno: Int32)

    var description: String {
        switch self {
        case .pathTooLong(let path, let max):
            return "socket path \(path) is longer than \(max) bytes (a Unix-socket limit); set a shorter socket_path"
        case .directory(let path, let reason):
            return "socket directory \(path): \(reason)"
        case .alreadyRunning(let path):
            return "another prx-matrix is already listening on \(path); stop it first (`prx-matrix status` shows it)"
        case .notASocket(let path):
            return "\(path) exists and is not a socket; remove it or set another socket_path"
        case .system(let path, let call, let errno):
            return "\(call) on \(path) failed: \(String(cString: strerror(errno)))"
        }
    }
}

/// A listening Unix-domain socket.
final class UnixListener: Sendable {
    /// The socket file.
    let path: String
    private let fd: Int32
    private let closed = Mutex(false)

    /// Creates the directory (0700, or tightens an existing one we own), removes a stale socket left by a
    /// dead daemon, refuses if a live one answers, then binds with mode 0600, listens, and only then puts
    /// the socket file at `path`.
    init(path: String) throws {
        self.path = path
        let maxPath = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        guard path.utf8.count <= maxPath else { throw ListenerError.pathTooLong(path, max: maxPath) }
        try Self.prepareDirectory((path as NSString).deletingLastPathComponent)
        try Self.removeStale(path)

        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ListenerError.system(path, call: "socket", errno: errno) }
        // Bound and listening under a temporary name first, then linked to `path`: the socket file appears
        // only once it accepts, so a client that sees it never gets ECONNREFUSED (bind creates the file,
        // listen comes after). link fails if `path` exists, as bind would: two daemons cannot both win.
        let temporary = Self.temporaryName(for: path, maxPath: maxPath)
        do {
            if let temporary {
                unlink(temporary)
                try Self.bindAndListen(fd, temporary, reportedAs: path)
                let linked = link(temporary, path) == 0 ? 0 : errno
                unlink(temporary)
                guard linked == 0 else { throw ListenerError.system(path, call: "bind", errno: linked) }
            } else {
                try Self.bindAndListen(fd, path, reportedAs: path)
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
        self.fd = fd
    }

    /// Accepts the next connection from a permitted peer (own uid or root); others are closed at once and
    /// reported through `rejected`. Returns nil once the listener is closed.
    func accept(rejected: (uid_t?) -> Void = { _ in }) -> SocketConnection? {
        while true {
            let client = prx_accept_cloexec(fd)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return nil
            }
            var uid: uid_t = 0
            var pid: pid_t = 0
            let known = prx_peer_credentials(client, &uid, &pid) == 0
            if known && (uid == getuid() || uid == 0) {
                return SocketConnection(fd: client, label: "agent-\(client)")
            }
            rejected(known ? uid : nil)
            Glibc.close(client)
        }
    }

    /// Stops listening and removes the socket file; idempotent.
    func close() {
        guard
            !closed.withLock({ was in
                defer { was = true }; return was
            })
        else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
        unlink(path)
    }

    /// Binds `fd` to `name` with mode 0600 and listens.
    private static func bindAndListen(_ fd: Int32, _ name: String, reportedAs path: String) throws {
        var address = address(name)
        // The umask makes the socket 0600 from its first instant: no window where others could connect.
        let oldMask = umask(0o177)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        let bindErrno = errno
        umask(oldMask)
        guard rc == 0 else { throw ListenerError.system(path, call: "bind", errno: bindErrno) }
        guard listen(fd, 16) == 0 else { throw ListenerError.system(path, call: "listen", errno: errno) }
    }

    /// A name next to `path` for binding before the socket is published, unique to this process; nil if it
    /// would not fit a socket address (then `path` is bound directly).
    private static func temporaryName(for path: String, maxPath: Int) -> String? {
        let name = (path as NSString).deletingLastPathComponent + "/.\(getpid()).listening"
        return name.utf8.count <= maxPath ? name : nil
    }

    private static func address(_ path: String) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
        }
        return address
    }

    /// Creates `dir` with mode 0700, or checks an existing one: ours, and not open to group or others.
    static func prepareDirectory(_ dir: String) throws {
        var info = stat()
        if stat(dir, &info) != 0 {
            guard errno == ENOENT else { throw ListenerError.directory(dir, reason: String(cString: strerror(errno))) }
            do {
                try FileManager.default.createDirectory(
                    atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ListenerError.directory(dir, reason: "cannot create it: \(error.localizedDescription)")
            }
            return
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw ListenerError.directory(dir, reason: "not a directory") }
        guard info.st_uid == getuid() else {
            throw ListenerError.directory(
                dir, reason: "owned by uid \(info.st_uid), not by us (uid \(getuid())); use a directory of our own")
        }
        if info.st_mode & 0o077 != 0 {
            guard chmod(dir, 0o700) == 0 else {
                throw ListenerError.directory(
                    dir, reason: "is open to others and chmod 700 failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Removes a socket file nobody listens on; throws if a daemon answers there.
    private static func removeStale(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw ListenerError.notASocket(path) }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { Glibc.close(probe) }
        var address = address(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if rc == 0 { throw ListenerError.alreadyRunning(path) }
        unlink(path)
    }
}
