/// The daemon's agent connections: accepting, reading frames in order, writing, closing.
import Logging
import Shared

extension Daemon {
    /// Takes a new agent connection and reads its frames until it closes. During a stop it is closed at once.
    func accept(_ socket: SocketConnection) {
        guard !inputs.stopping else {
            socket.close()
            return
        }
        let id = nextConnectionID
        nextConnectionID += 1
        connections[id] = AgentConnection(socket: socket)
        logger.debug("agent connection \(id) opened")
        let maxFrameBytes = config.maxFrameBytes
        Task { await self.readFrames(of: socket, id: id, maxFrameBytes: maxFrameBytes) }
    }

    /// Decodes the connection's bytes and hands each frame over in order, awaiting each one: the frames
    /// that were complete before a malformed one are processed, then `bad_frame` closes the connection.
    /// Runs on the actor: a chunk wakes the daemon's queue directly, with no hop through the cooperative pool.
    private func readFrames(of socket: SocketConnection, id: Int, maxFrameBytes: Int) async {
        var decoder = FrameDecoder(maxFrameBytes: maxFrameBytes)
        reading: for await chunk in socket.incoming {
            decoder.feed(chunk)
            while true {
                do {
                    guard let frame = try decoder.next() else { break }
                    await receive(frame, from: id)
                } catch {
                    refuse(id, AgentError(error))
                    break reading
                }
            }
        }
        connectionEnded(id)
    }

    /// The peer closed (or its connection was closed by the daemon).
    private func connectionEnded(_ id: Int) {
        guard connections[id] != nil else { return }
        logger.debug("agent connection \(id) closed by the peer")
        close(id)
    }

    /// Writes `message` to connection `id` (in order with every earlier write to it).
    func write(_ message: DaemonMessage, to id: Int) {
        guard let socket = connections[id]?.socket else { return }
        do {
            // The daemon's own frames are not held to the agent's max_frame_bytes (an inbound Matrix
            // event is at most 64 KiB anyway); only what it accepts is.
            socket.sendDetached(try FrameEncoder(maxFrameBytes: Int(UInt32.max)).encode(message))
        } catch {
            logger.error("cannot encode a frame for agent connection \(id): \(error)")
        }
    }

    /// Answers `error` and closes the connection once the answer is written.
    func refuse(_ id: Int, _ error: AgentError) {
        guard connections[id] != nil else { return }
        logger.info("agent connection \(id): \(error.code.rawValue): \(error.message); closing it")
        write(.error(error), to: id)
        close(id)
    }

    /// Forgets connection `id` and closes its socket after the writes queued so far.
    func close(_ id: Int) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        if session?.connection == id { session = nil }
        Task {
            await connection.socket.flush()
            connection.socket.close()
        }
    }
}
