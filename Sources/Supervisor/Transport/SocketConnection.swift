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
/// as chunks on ``incoming``; writes are queued in order on a serial queue so a peer that stops
/// reading never blocks the caller. ``close()`` is idempotent and ends ``incoming``.
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
        let closeNow = state.withLock { s -> Bool in
            s.readerDone = true
            return s.closed
        }
        if closeNow { Glibc.close(fd) }
    }

    /// Queues `bytes` to be written in full; returns whether they were (false once the peer is gone).
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool {
        await withCheckedContinuation { done in
            writes.async { [self] in done.resume(returning: writeAll(bytes)) }
        }
    }

    /// Queues `bytes` without waiting for the write.
    func sendDetached(_ bytes: [UInt8]) {
        writes.async { [self] in _ = writeAll(bytes) }
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        if state.withLock({ $0.closed }) { return false }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Waits until every queued write has been attempted.
    func flush() async {
        await withCheckedContinuation { done in writes.async { done.resume() } }
    }

    /// Shuts the socket down (the peer sees EOF; our reader ends) and releases the descriptor once the
    /// reader thread has stopped using it.
    func close() {
        let closeNow = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            s.closed = true
            return s.readerDone
        }
        shutdown(fd, Int32(SHUT_RDWR))
        if closeNow { Glibc.close(fd) }
    }

    /// The kernel-attested uid of the peer process (`SO_PEERCRED`), or nil if unavailable.
    var peerUID: uid_t? {
        var uid: uid_t = 0
        var pid: pid_t = 0
        return prx_peer_credentials(fd, &uid, &pid) == 0 ? uid : nil
    }
}
