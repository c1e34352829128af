/// The exit codes of `prx-matrix`, from sysexits(3) where one fits.
import ArgumentParser

/// Every exit status `prx-matrix` uses, and what it means to an operator or a service manager.
enum ExitCodes: Int32 {
    /// Success (EX_OK); also `run` after a graceful stop (SIGTERM, SIGINT).
    case ok = 0
    /// `doctor`: at least one check failed; `login`: the homeserver refused the login (each printed with its fix).
    case failure = 1
    /// Bad command-line usage: unknown option, missing argument (EX_USAGE; ArgumentParser's own code).
    case usage = 64
    /// `run`: another daemon already listens on the socket; `status`: no daemon answers there (EX_UNAVAILABLE).
    case unavailable = 69
    /// `run`: the state directory, the queue store or the agent socket cannot be created or opened; the
    /// message names the path and the fix (EX_CANTCREAT).
    case cannotCreate = 73
    /// `run`: the worker executable cannot be started (missing, not executable); build it or set
    /// `worker_path` (EX_TEMPFAIL: a service manager may retry later).
    case workerUnavailable = 75
    /// The configuration is missing or invalid; every problem was printed to stderr (EX_CONFIG).
    case config = 78

    /// The ArgumentParser exit code to throw.
    var exitCode: ExitCode { ExitCode(rawValue) }
}
