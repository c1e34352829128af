/// systemd's notification protocol (`sd_notify`): READY=1, STATUS=…, WATCHDOG=1, STOPPING=1.
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Sends notifications to `$NOTIFY_SOCKET` when the service manager set one; otherwise does nothing.
///
/// The protocol is one datagram of `KEY=VALUE` lines to a Unix socket (a leading `@` means the
/// abstract namespace). `WatchdogSec=` in the unit sets `$WATCHDOG_USEC`; ``watchdogInterval`` is half
/// of it, as systemd recommends.
struct SystemdNotifier: Sendable {
    /// The socket path from `$NOTIFY_SOCKET`, or nil outside systemd.
    let socketPath: String?
    /// How often to send `WATCHDOG=1`, or nil when the unit has no watchdog.
    let watchdogInterval: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from `environment`.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let usec = environment["WATCHDOG_USEC"].flatMap(UInt64.init), usec > 0 {
            watchdogInterval = .microseconds(Int64(usec / 2))
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `fields` as one notification; returns whether it was delivered (false outside systemd).
    @discardableResult
    func notify(_ fields: [String: String]) -> Bool {
        guard let socketPath else { return false }
        let message = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in pathBytes.enumerated() { raw[i] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                Array(message.utf8).withUnsafeBytes {
                    sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sockaddrPointer, length)
                }
            }
        }
        return sent >= 0
    }

    /// `READY=1` with a status line: the daemon is really ready (the worker has completed a sync).
    func ready(status: String) { notify(["READY": "1", "STATUS": status]) }
    /// A `STATUS=` line that `systemctl status` shows.
    func status(_ text: String) { notify(["STATUS": text]) }
    /// `WATCHDOG=1`: the supervisor's loop is alive.
    func watchdog() { notify(["WATCHDOG": "1"]) }
    /// `STOPPING=1`: a graceful stop has begun.
    func stopping() { notify(["STOPPING": "1", "STATUS": "stopping"]) }
}
