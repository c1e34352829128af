/// Blocking whole writes and reads on a file descriptor, retried on EINTR.
import MatrixClient
#if canImport(Glibc)
    import Glibc
#endif

/// Whole-buffer I/O on a blocking descriptor (sockets: `MSG_NOSIGNAL`, a gone peer is an error, not SIGPIPE).
enum Descriptor {
    /// Writes `bytes` from `offset` on in full, blocking as needed; false if the peer is gone or the write fails.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], from offset: Int = 0) -> Bool {
        var offset = offset
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
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

    /// Reads until EOF (or an error) and returns everything that arrived; nil if `deadline` passed first.
    static func readToEnd(_ fd: Int32, deadline: ContinuousClock.Instant? = nil) -> [UInt8]? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            if let deadline {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return nil }
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(clamping: left.milliseconds + 1))
                if ready == 0 || (ready < 0 && errno == EINTR) { continue }  // the deadline is checked above
            }
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                data += buffer[0..<n]
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }
}
