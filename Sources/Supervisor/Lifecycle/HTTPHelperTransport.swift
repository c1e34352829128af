/// The daemon's HTTP exchanges, each in a short-lived `prx-matrix http-exchange` process: the daemon never maps libcurl.
import Foundation
import MatrixClient
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// An ``HTTPTransport`` that runs each exchange in a new helper process (``HTTPExchangeCommand``).
///
/// The daemon makes a handful of requests in its life (whoami at start and after a token change, `/refresh`).
/// Running them in a child keeps libcurl and its ~30 libraries (about 7 MB resident) out of the long-lived
/// process, for one process start (a few milliseconds) per request. The request, access token included,
/// travels over a socketpair (fd 3), never in argv or the environment; the child answers and exits.
struct HTTPHelperTransport: HTTPTransport {
    /// The `prx-matrix` executable run as the helper (normally the running one).
    let executable: String
    /// How long (ms) the helper may take beyond the request's own timeout before it is killed.
    let graceMilliseconds: Int

    /// A transport running `executable http-exchange` for each request.
    init(executable: String, graceMilliseconds: Int = 5_000) {
        self.executable = executable
        self.graceMilliseconds = graceMilliseconds
    }

    /// The running `prx-matrix` (`/proc/self/exe`, symlinks resolved).
    static var runningExecutable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    func perform(_ request: HTTPRequest) async -> HTTPOutcome {
        let input: [UInt8]
        do {
            input = try [UInt8](JSONEncoder().encode(request))
        } catch {
            return .unavailable("cannot encode the request for the HTTP helper: \(error)")
        }
        let run = HelperRun(
            executable: executable, deadlineMilliseconds: request.timeoutMilliseconds + graceMilliseconds)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Blocking I/O and waitpid: on a thread of its own, off the cooperative pool.
                let thread = Thread { continuation.resume(returning: run.exchange(input)) }
                thread.name = "http-helper"
                thread.start()
            }
        } onCancel: {
            run.cancel()
        }
    }
}

/// One helper process: started, fed, read and reaped on the calling thread; killed on cancellation.
private final class HelperRun: Sendable {
    private struct State {
        var pid: pid_t?
        var cancelled = false
    }

    let executable: String
    let deadlineMilliseconds: Int
    private let state = Mutex(State())

    init(executable: String, deadlineMilliseconds: Int) {
        self.executable = executable
        self.deadlineMilliseconds = deadlineMilliseconds
    }

    /// Kills the helper (if it runs); ``exchange(_:)`` then returns ``HTTPOutcome/cancelled``.
    func cancel() {
        state.withLock { s in
            s.cancelled = true
            if let pid = s.pid { kill(pid, SIGKILL) }
        }
    }

    /// Runs the helper on `input`, reaps it and returns its outcome. Blocking.
    func exchange(_ input: [UInt8]) -> HTTPOutcome {
        let process: WorkerProcess
        do {
            process = try WorkerProcess.spawn(executable: executable, arguments: ["http-exchange"])
        } catch let error as WorkerSpawnError {
            return .unavailable(
                "cannot start the HTTP helper \(executable): \(String(cString: strerror(error.errno))) (\(error.step))")
        } catch {
            return .unavailable("cannot start the HTTP helper \(executable): \(error)")
        }
        let startedCancelled = state.withLock { s -> Bool in
            s.pid = process.pid
            return s.cancelled
        }
        if startedCancelled { kill(process.pid, SIGKILL) }
        let output = talk(to: process.linkFD, input: input, pid: process.pid)
        close(process.linkFD)
        let exit = process.waitBlocking()
        let cancelled = state.withLock { s -> Bool in
            s.pid = nil
            return s.cancelled
        }
        if cancelled { return .cancelled }
        // No output: the helper was killed at the deadline (CURLE_OPERATION_TIMEDOUT).
        guard let output else { return .failure(28) }
        if exit == .exited(0), let outcome = try? JSONDecoder().decode(HTTPOutcome.self, from: Data(output)) {
            return outcome
        }
        return .unavailable(
            "the HTTP helper \(executable) http-exchange failed (\(exit.summary)); "
                + "see its message above, or run `prx-matrix doctor`")
    }

    /// Writes `input`, then reads the answer up to EOF; nil if the deadline passed (the helper is then killed).
    private func talk(to fd: Int32, input: [UInt8], pid: pid_t) -> [UInt8]? {
        // A failed write means the helper is gone: its exit status says why.
        _ = Descriptor.writeAll(fd, input)
        shutdown(fd, Int32(SHUT_WR))
        let output = Descriptor.readToEnd(fd, deadline: ContinuousClock.now + .milliseconds(deadlineMilliseconds))
        if output == nil { kill(pid, SIGKILL) }
        return output
    }
}
