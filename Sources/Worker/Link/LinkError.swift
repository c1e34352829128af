/// Why a frame could not be written to the supervisor.
import Shared

#if canImport(Glibc)
    import Glibc
#endif

/// A failed write on the worker link.
enum LinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The supervisor's end is gone (EPIPE, ECONNRESET, …): the worker should exit.
    case closed(errno: Int32)
    /// The frame would exceed ``WorkerLink/maxFrameBytes`` (split the content instead).
    case tooLarge(FrameError)

    /// One line for stderr.
    var description: String {
        switch self {
        case .closed(let code): "the link to the supervisor is closed (\(String(cString: strerror(code))))"
        case .tooLarge(let error): "a frame for the supervisor is too large: \(error)"
        }
    }
}

/// What the reader thread hands the runtime.
enum LinkInput: Sendable {
    /// A valid frame from the supervisor.
    case command(SupervisorCommand)
    /// End of file: the supervisor is gone.
    case closed
    /// A malformed frame or an invalid message: the link has lost its protocol.
    case broken(String)
}
