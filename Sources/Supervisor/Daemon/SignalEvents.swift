/// SIGTERM, SIGINT and SIGHUP as an async stream (DispatchSource signal sources).
import Dispatch
#if canImport(Glibc)
    import Glibc
#endif

/// The signals `prx-matrix run` reacts to, delivered as a stream instead of running in a signal handler.
///
/// Each signal's default action is replaced by "ignore" before its dispatch source is resumed, so a
/// signal is never lost to the default (terminating) action while the source sets itself up; the
/// source still sees it.
final class SignalEvents {
    /// The signals, in arrival order.
    let signals: AsyncStream<Int32>
    private let sources: [any DispatchSourceSignal]

    /// Starts watching `numbers`.
    init(_ numbers: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        signals = stream
        let queue = DispatchQueue(label: "prx-matrix.signals")
        sources = numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Stops watching; the signals keep being ignored.
    func cancel() {
        for source in sources { source.cancel() }
    }
}
