/// The exit codes of `prx-matrix`, from sysexits(3) where one fits.
import ArgumentParser

/// Every exit status `prx-matrix` uses, and what it means to an operator or a service manager.
enum ExitCodes: Int32 {
    /// Success (EX_OK).
    case ok = 0
    /// Bad command-line usage: unknown option, missing argument (EX_USAGE; ArgumentParser's own code).
    case usage = 64
    /// The configuration is missing or invalid; every problem was printed to stderr (EX_CONFIG).
    case config = 78

    /// The ArgumentParser exit code to throw.
    var exitCode: ExitCode { ExitCode(rawValue) }
}
