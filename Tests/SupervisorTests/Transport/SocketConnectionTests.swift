/// SocketConnection's descriptor ownership: once released, its number is never touched again.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SocketConnectionTests {
    /// A connected pair, the first end moved to a number of its own at or above `at` (far above what the
    /// rest of the test process allocates, lowest number first, so nothing else is ever given it).
    private func pair(movingFirstTo at: Int32) throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0)
        let moved = fcntl(fds[0], F_DUPFD_CLOEXEC, at)
        try #require(moved >= at)
        Glibc.close(fds[0])
        return (moved, fds[1])
    }

    /// Waits (bounded) until `fd` is no longer open in this process.
    private func released(_ fd: Int32) async -> Bool {
        for _ in 0..<2000 {
            if fcntl(fd, F_GETFD) == -1 { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    @Test func aSecondCloseLeavesAReusedDescriptorNumberAlone() async throws {
        let (ours, peer) = try pair(movingFirstTo: 900 + Int32.random(in: 0..<50))
        defer { Glibc.close(peer) }
        let connection = SocketConnection(fd: ours, label: "test")
        connection.close()
        #expect(await released(ours), "the connection never released its descriptor")

        // The number now names another socket, as after a new worker's socketpair.
        let (other, otherPeer) = try pair(movingFirstTo: 0)
        defer {
            Glibc.close(otherPeer)
            Glibc.close(ours)
        }
        try #require(dup2(other, ours) == ours)
        Glibc.close(other)

        connection.close()

        let message: [UInt8] = Array("still open".utf8)
        #expect(send(otherPeer, message, message.count, Int32(MSG_NOSIGNAL)) == message.count)
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = recv(ours, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        #expect(n == message.count, "the socket now on the old number was shut down by the second close()")
        #expect(send(ours, message, message.count, Int32(MSG_NOSIGNAL)) == message.count)
    }

    @Test func aBlockedQueuedWriteDoesNotKeepTheDescriptorForever() async throws {
        let (ours, peer) = try pair(movingFirstTo: 950 + Int32.random(in: 0..<50))
        defer { Glibc.close(peer) }
        let connection = SocketConnection(fd: ours, label: "test")
        // More than the socket buffer takes: the rest queues and blocks until the peer reads or the
        // connection is closed.
        connection.sendDetached([UInt8](repeating: 7, count: 8 * 1024 * 1024))
        connection.close()
        // The blocked write fails (shut down) and then releases; the reader has ended on the shutdown.
        #expect(await released(ours), "the descriptor was never released after the queued write failed")
        connection.close()
    }
}
