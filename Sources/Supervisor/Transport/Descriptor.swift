/// Blocking whole writes and reads on a file descriptor, retried on EINTR.
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

    /// Reads until EOF (or an error) and returns everything that arrived.
    static func readToEnd(_ fd: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
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
