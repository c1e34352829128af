/// The worker's end of the socketpair: frames in on a reader thread, frames out under a lock.
import Foundation
import Shared
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Frames over the link descriptor (fd 3, `$PRX_MATRIX_LINK_FD`) with the limit of ``WorkerLink/maxFrameBytes``.
///
/// Reading runs on its own thread (a blocking `read` must not hold a task of the cooperative pool);
/// each decoded ``SupervisorCommand`` is handed to the callback in order. Writes are whole frames
/// under a mutex, with `MSG_NOSIGNAL` so that a vanished supervisor is an error, not a SIGPIPE.
final class SupervisorLink: Sendable {
    /// The descriptor.
    let fd: Int32
    private let encoder = FrameEncoder(maxFrameBytes: WorkerLink.maxFrameBytes)
    private let writing = Mutex(())

    /// The link on `fd`.
    init(fd: Int32) { self.fd = fd }

    /// Starts the reader thread. `onInput` gets every command, then exactly one `.closed` or `.broken`.
    func startReading(_ onInput: @escaping @Sendable (LinkInput) -> Void) {
        let fd = self.fd
        let thread = Thread {
            var decoder = FrameDecoder(maxFrameBytes: WorkerLink.maxFrameBytes)
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    onInput(.closed)
                    return
                }
                decoder.feed(buffer[0..<n])
                do {
                    while let frame = try decoder.next() { onInput(.command(try SupervisorCommand(frame: frame))) }
                } catch {
                    onInput(.broken("\(error)"))
                    return
                }
            }
        }
        thread.name = "supervisor link"
        thread.start()
    }

    /// Writes one frame, whole.
    func send(_ event: WorkerEvent) throws(LinkError) {
        let bytes: [UInt8]
        do { bytes = try encoder.encode(event) } catch { throw .tooLarge(error) }
        try writing.withLock { _ throws(LinkError) in
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes {
                    Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    throw .closed(errno: n < 0 ? errno : EPIPE)
                }
            }
        }
    }

    /// The encoded size of `event` as a frame payload (for splitting batches under the limit).
    static func payloadSize(of event: WorkerEvent) -> Int { JSONWriter.bytes(of: event.jsonObject).count }
}
