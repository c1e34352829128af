/// The agent socket's accept loop: a thread blocked in `accept`, handing each permitted peer to the daemon.
import Foundation
import Logging

/// Accepts agent connections on a ``UnixListener`` and hands them, in order, to a ``Daemon``.
///
/// `accept` blocks, so it runs on its own thread; connections reach the daemon through a stream consumed
/// by one task, in the order they were accepted. ``stop()`` closes the listener (and removes the socket file).
final class AgentServer: Sendable {
    private let listener: UnixListener
    private let connections: AsyncStream<SocketConnection>

    /// Starts accepting on `listener` for `daemon`.
    init(listener: UnixListener, daemon: Daemon, logger: Logger) {
        self.listener = listener
        let (stream, continuation) = AsyncStream.makeStream(of: SocketConnection.self)
        connections = stream
        let thread = Thread {
            while let connection = listener.accept(rejected: { uid in
                logger.warning(
                    "refused an agent connection from uid \(uid.map(String.init) ?? "unknown"): not our uid or root")
            }) {
                continuation.yield(connection)
            }
            continuation.finish()
        }
        thread.name = "accept agent"
        thread.start()
        Task { [connections] in
            for await connection in connections { await daemon.accept(connection) }
        }
    }

    /// Stops accepting and removes the socket file.
    func stop() {
        listener.close()
    }
}
