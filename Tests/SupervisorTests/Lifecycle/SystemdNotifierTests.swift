/// sd_notify: datagrams to NOTIFY_SOCKET (path and abstract), the watchdog interval, silence outside systemd.
import Foundation
@testable import Supervisor
import Testing

@Suite struct SystemdNotifierTests {
    /// A datagram socket standing in for systemd; returns its fd.
    private func listen(at path: String, abstract: Bool) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if abstract { bytes.insert(0, at: 0) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in bytes.enumerated() { raw[i] = b } }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private func receive(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        return String(decoding: buffer[0..<max(0, n)], as: UTF8.self)
    }

    @Test func sendsReadyAndStatusToAPathSocket() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "notify-\(UUID().uuidString.prefix(8))"
        ).path
        let fd = listen(at: path, abstract: false)
        defer { close(fd); unlink(path) }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        notifier.ready(status: "syncing 1 room")
        #expect(receive(fd) == "READY=1\nSTATUS=syncing 1 room")
        notifier.watchdog()
        #expect(receive(fd) == "WATCHDOG=1")
    }

    @Test func supportsTheAbstractNamespace() {
        let name = "prx-matrix-test-\(UUID().uuidString.prefix(8))"
        let fd = listen(at: name, abstract: true)
        defer { close(fd) }
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@" + name]).notify(["STATUS": "hi"]))
        #expect(receive(fd) == "STATUS=hi")
    }

    @Test func isSilentOutsideSystemd() {
        let notifier = SystemdNotifier(environment: [:])
        #expect(notifier.notify(["READY": "1"]) == false)
        #expect(notifier.watchdogInterval == nil)
    }

    @Test func watchdogIsHalfTheUnitsIntervalAndOnlyForUs() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000"]).watchdogInterval == .seconds(10))
        let other = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "\(getpid() + 1)"])
        #expect(other.watchdogInterval == nil)
    }
}
