/// A connected stream socket (an agent connection or the worker link): a reader thread, ordered writes.
import CSystemShims
import Foundation
import Synchronization
#if canImport(Glibc)
    import Glibc
#endif

/// One connected stream socket.
///
/// Reads happen on a dedicated thread (blocking `read`, so a slow or idle peer costs no CPU) and arrive
/// as chunks on ``incoming``. A write goes straight to the socket without blocking (`MSG_DONTWAIT`) when
/// nothing is queued before it, which is almost always (no thread hop, no wake-up); whatever the socket
/// buffer does not take is queued in order on a serial queue, so a peer that stops reading never blocks
/// the caller. ``close()`` is idempotent and ends ``incoming``.
final class SocketConnection: Sendable {
    /// The descriptor; owned by this object and closed by it.
    let fd: Int32
    /// Bytes as they arrive; finishes on EOF, error or ``close()``.
    let incoming: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let writes: DispatchQueue
    private let state = Mutex(State())

    private struct State {
        var closed = false
        var readerDone = false
        /// Writes handed to `writes` and not finished: while any is, a new write queues behind them.
        var queuedWrites = 0
        var descriptorReleased = false

        /// Whether the descriptor is now unused for good (closed, reader ended, no queued write) and must be
        /// released by the caller. True once: until then no one else can close the number and have it reused.
        mutating func releaseIfUnused() -> Bool {
            guard closed, readerDone, queuedWrites == 0, !descriptorReleased else { return false }
            descriptorReleased = true
            return true
        }
    }

    /// Takes ownership of `fd` and starts reading from it.
    init(fd: Int32, label: String) {
        self.fd = fd
        (incoming, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .unbounded)
        writes = DispatchQueue(label: "prx-matrix.write.\(label)")
        let thread = Thread { [self] in readLoop() }
        thread.name = "read \(label)"
        thread.start()
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                continuation.yield(Array(buffer[0..<n]))
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        continuation.finish()
        let release = state.withLock { s -> Bool in
            s.readerDone = true
            return s.releaseIfUnused()
        }
        if release { Glibc.close(fd) }
    }

    /// Writes `bytes` in full, in order with every earlier write; returns whether they were (false once
    /// the peer is gone).
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool {
        switch writeInline(bytes) {
        case .finished(let written): return written
        case .queue(let offset):
            return await withCheckedContinuation { done in
                writes.async { [self] in done.resume(returning: writeQueued(bytes, from: offset)) }
            }
        }
    }

    /// Writes `bytes` in full, in order with every earlier write, without waiting for it.
    func sendDetached(_ bytes: [UInt8]) {
        if case .queue(let offset) = writeInline(bytes) {
            writes.async { [self] in _ = writeQueued(bytes, from: offset) }
        }
    }

    private enum InlineWrite {
        /// Done (or failed) without queueing.
        case finished(Bool)
        /// Counted in `queuedWrites`: the bytes from this offset on go to the queue.
        case queue(from: Int)
    }

    /// Writes what the socket takes right now, unless a queued write is pending (then all is queued).
    private func writeInline(_ bytes: [UInt8]) -> InlineWrite {
        state.withLock { s in
            if s.closed { return .finished(false) }
            var offset = 0
            if s.queuedWrites == 0 {
                while offset < bytes.count {
                    let n = bytes[offset...].withUnsafeBytes {
                        Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                    }
                    if n > 0 {
                        offset += n
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                        break
                    } else {
                        return .finished(false)
                    }
                }
                if offset == bytes.count { return .finished(true) }
            }
            s.queuedWrites += 1
            return .queue(from: offset)
        }
    }

    /// On the write queue: the rest of a write, blocking until the peer takes it.
    private func writeQueued(_ bytes: [UInt8], from start: Int) -> Bool {
        let written = writeAll(bytes, from: start)
        let release = state.withLock { s -> Bool in
            s.queuedWrites -= 1
            return s.releaseIfUnused()
        }
        if release { Glibc.close(fd) }
        return written
    }

    private func writeAll(_ bytes: [UInt8], from start: Int) -> Bool {
        if state.withLock({ $0.closed }) { return false }
        return Descriptor.writeAll(fd, bytes, from: start)
    }

    /// Waits until every queued write has been attempted.
    func flush() async {
        await withCheckedContinuation { done in writes.async { done.resume() } }
    }

    /// Shuts the socket down (the peer sees EOF; our reader ends, a blocked queued write fails) and
    /// releases the descriptor once neither the reader thread nor a queued write uses it any more. Only
    /// the first call does anything: a later one must not touch a number that may belong to another file.
    func close() {
        let release = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            s.closed = true
            // Under the lock: the descriptor cannot be released (and its number reused) in between.
            shutdown(fd, Int32(SHUT_RDWR))
            return s.releaseIfUnused()
        }
        if release { Glibc.close(fd) }
    }

    /// The kernel-attested uid of the peer process (`SO_PEERCRED`), or nil if unavailable.
    var peerUID: uid_t? {
        var uid: uid_t = 0
        var pid: pid_t = 0
        return prx_peer_credentials(fd, &uid, &pid) == 0 ? uid : nil
    }
}
