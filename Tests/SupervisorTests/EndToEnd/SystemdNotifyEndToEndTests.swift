/// `prx-matrix run` under a stand-in for systemd: READY=1 only after the worker's first sync, STATUS=
/// lines, WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1 on SIGTERM.
import Foundation
import Testing
import TestSupport

@Suite struct SystemdNotifyEndToEndTests {
    /// A datagram socket playing systemd's notification socket; collects what arrives without blocking.
    private final class NotifySocket {
        let path: String
        let fd: Int32
        private(set) var received: [String] = []

        init(path: String) {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }

        /// Polls (non-blocking, bounded) until a datagram satisfying `match` has arrived.
        func waitFor(seconds: Double = 30, _ match: (String) -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(seconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            var lastLook = false
            while !lastLook {
                lastLook = ContinuousClock.now >= deadline
                while true {
                    let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                    guard n > 0 else { break }
                    received.append(String(decoding: buffer[0..<n], as: UTF8.self))
                }
                if received.contains(where: match) { return true }
                if !lastLook { try await Task.sleep(for: .milliseconds(20)) }
            }
            return false
        }

        deinit {
            close(fd)
            unlink(path)
        }
    }

    @Test func readyAfterTheFirstSyncThenWatchdogThenStopping() async throws {
        let supervisor = try SupervisorProcess()
        let notify = NotifySocket(path: supervisor.root + "/notify.sock")
        do {
            try await supervisor.start(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"])
            #expect(try await notify.waitFor { $0.contains("READY=1") })
            let ready = try #require(notify.received.first { $0.contains("READY=1") })
            #expect(ready.contains("STATUS="), "READY=1 comes with a status line: \(ready)")
            #expect(try await notify.waitFor { $0.contains("WATCHDOG=1") })
            supervisor.signal(SIGTERM)
            #expect(try await notify.waitFor { $0.contains("STOPPING=1") })
            #expect(try await supervisor.waitForExit() == 0)
        } catch {
            await supervisor.tearDown()
            throw error
        }
        await supervisor.tearDown()
        #expect(notify.received.filter { $0.contains("READY=1") }.count == 1, "\(notify.received)")
    }
}
