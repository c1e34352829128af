/// Spawns `prx-matrix-worker` (or the HTTP helper) with `posix_spawn`, handing it one end of a socketpair as fd 3.
///
/// Foundation's `Process` cannot give a child an extra descriptor on Linux, hence `posix_spawn` with
/// `posix_spawn_file_actions_adddup2`. The child's environment is built from an allow-list: the access
/// token travels only over the socketpair, never in argv or the environment.
import CSystemShims
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Why the worker could not be started; each case says what to do.
struct WorkerSpawnError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32
    let step: String

    var description: String {
        let reason = String(cString: strerror(errno))
        if errno == ENOENT || errno == EACCES {
            return
                "cannot start the worker \(path): \(reason) (\(step)); build it (`swift build`) or set worker_path in the config"
        }
        return "cannot start the worker \(path): \(reason) (\(step))"
    }
}

/// How a worker process ended.
enum WorkerExit: Equatable, Sendable {
    case exited(Int32)
    case signalled(Int32)

    /// A short text for logs and `status` detail, e.g. "exit code 75" or "signal 9 (KILL)".
    var summary: String {
        switch self {
        case .exited(let code): return "exit code \(code)"
        case .signalled(let signal): return "signal \(signal)\(signalName(signal).map { " (\($0))" } ?? "")"
        }
    }

    private func signalName(_ signal: Int32) -> String? {
        [
            SIGKILL: "KILL", SIGTERM: "TERM", SIGSEGV: "SEGV", SIGABRT: "ABRT", SIGILL: "ILL", SIGBUS: "BUS",
            SIGTRAP: "TRAP", SIGINT: "INT",
        ][signal]
    }
}

/// A running worker: its pid and the supervisor's end of the link.
struct WorkerProcess: Sendable {
    /// The file descriptor number the worker finds its link on.
    static let linkFD: Int32 = 3
    /// Environment variables passed through to the worker (never the token, never NOTIFY_SOCKET).
    static let inheritedEnvironment = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR"]
    /// Set in every child: GnuTLS, loaded with libcurl's own dependencies (LDAP, RTMP) but never used for
    /// our requests (libcurl uses OpenSSL), skips its load-time initialisation, which would keep about
    /// 0.7 MB more resident. A libcurl built on GnuTLS initialises it itself.
    static let libraryEnvironment = ["GNUTLS_NO_IMPLICIT_INIT": "1"]

    let pid: pid_t
    /// The supervisor's end of the socketpair (close-on-exec, owned by the caller).
    let linkFD: Int32

    /// Starts `executable` with `arguments`; the child gets the link as fd 3, stdin from /dev/null, the
    /// supervisor's stdout/stderr, no other descriptor, its own process group (a terminal's Ctrl-C reaches only the
    /// supervisor, which stops the worker gracefully), default signal dispositions and an empty mask.
    static func spawn(executable: String, arguments: [String], extraEnvironment: [String: String] = [:]) throws
        -> WorkerProcess
    {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw WorkerSpawnError(path: executable, errno: errno, step: "socketpair")
        }
        let ours = fds[0]
        var theirs = fds[1]
        if theirs == linkFD {
            // dup2(3, 3) would keep close-on-exec set: move the child's end out of the way first.
            let moved = fcntl(theirs, F_DUPFD_CLOEXEC, linkFD + 1)
            close(theirs)
            theirs = moved
        }
        defer { close(theirs) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, theirs, linkFD)
        // Descriptors of the supervisor that lack close-on-exec (inherited from its parent, say) stay out.
        prx_spawn_file_actions_addclosefrom(&actions, linkFD + 1)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let current = ProcessInfo.processInfo.environment
        var environment = inheritedEnvironment.compactMap { key in current[key].map { "\(key)=\($0)" } }
        environment += libraryEnvironment.merging(extraEnvironment) { $1 }.map { "\($0.key)=\($0.value)" }
        environment.append("PRX_MATRIX_LINK_FD=\(linkFD)")

        let argv = [executable] + arguments
        var pid: pid_t = 0
        let rc = withCStrings(argv) { cArgv in
            withCStrings(environment) { cEnv in
                posix_spawn(&pid, executable, &actions, &attributes, cArgv, cEnv)
            }
        }
        guard rc == 0 else {
            close(ours)
            throw WorkerSpawnError(path: executable, errno: rc, step: "posix_spawn")
        }
        return WorkerProcess(pid: pid, linkFD: ours)
    }

    /// Waits (off the cooperative pool) until the process ends and returns how it ended.
    func waitForExit() async -> WorkerExit {
        let process = self
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: process.waitBlocking()) }
            thread.name = "waitpid \(pid)"
            thread.start()
        }
    }

    /// Blocks the calling thread until the process ends, reaps it and returns how it ended.
    func waitBlocking() -> WorkerExit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }

    /// Sends `signal` to the worker.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }
}

/// Calls `body` with a NULL-terminated C array of C strings that lives for the call.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
