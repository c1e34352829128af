/// The agent socket's file-system contract: 0700 directory, 0600 socket, stale files, live daemons, peer uids.
import Foundation
import Synchronization
@testable import Supervisor
import Testing
import TestSupport

@Suite struct UnixListenerTests {
    private func tempDir() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prx-ul-\(UUID().uuidString.prefix(8))")
        return dir.path
    }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func createsPrivateDirectoryAndSocket() throws {
        let dir = tempDir() + "/state"
        let listener = try UnixListener(path: dir + "/agent.sock")
        defer { listener.close() }
        #expect(mode(dir) == 0o700)
        #expect(mode(dir + "/agent.sock") == 0o600)
        // Bound under a temporary name and published by link: nothing else is left in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["agent.sock"])
    }

    @Test func aPathWithNoRoomForTheTemporaryNameIsBoundDirectly() throws {
        let dir = tempDir()
        let maxPath = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        let path = dir + "/" + String(repeating: "s", count: maxPath - dir.utf8.count - 1)
        let listener = try UnixListener(path: path)
        defer { listener.close() }
        #expect(mode(path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 1)
    }

    @Test func tightensAnOpenDirectory() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o755)
        let listener = try UnixListener(path: dir + "/agent.sock")
        defer { listener.close() }
        #expect(mode(dir) == 0o700)
    }

    @Test func removesAStaleSocketButRefusesALiveDaemon() throws {
        let path = tempDir() + "/agent.sock"
        let live = try UnixListener(path: path)
        #expect(throws: ListenerError.alreadyRunning(path)) { _ = try UnixListener(path: path) }
        live.close()
        // A dead daemon's leftover: a socket file that nobody listens on.
        let orphan = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, b) in path.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(orphan, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(orphan)
        #expect(bound == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        let replacement = try UnixListener(path: path)
        replacement.close()
    }

    @Test func refusesARegularFileInTheWay() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: dir + "/agent.sock", contents: Data("x".utf8)))
        #expect(throws: ListenerError.notASocket(dir + "/agent.sock")) {
            _ = try UnixListener(path: dir + "/agent.sock")
        }
    }

    @Test func refusesAPathTooLongForSunPath() {
        let path = "/tmp/" + String(repeating: "x", count: 120) + "/agent.sock"
        #expect(throws: ListenerError.self) { _ = try UnixListener(path: path) }
    }

    @Test func acceptsOwnUidAndExchangesBytes() async throws {
        let path = tempDir() + "/agent.sock"
        let listener = try UnixListener(path: path)
        defer { listener.close() }
        let client = connectUnixSocket(path)
        #expect(client >= 0)
        let connection = try #require(listener.accept())
        #expect(connection.peerUID == getuid())
        let hello = Array("hello".utf8)
        _ = write(client, hello, hello.count)
        var iterator = connection.incoming.makeAsyncIterator()
        #expect(await iterator.next() == hello)
        #expect(await connection.send(Array("back".utf8)))
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = read(client, &buffer, 16)
        #expect(Array(buffer[0..<max(0, n)]) == Array("back".utf8))
        close(client)
        #expect(await iterator.next() == nil)  // EOF ends the stream
        connection.close()
    }

    @Test func rejectsAPeerWithAnotherUid() async throws {
        // Only meaningful as root: a process running as nobody connects (the dir and socket are opened up
        // for the test so that it can reach the socket at all; normally 0700/0600 already stop it).
        try #require(getuid() == 0, "this test drops privileges with setpriv and must run as root (CI does)")
        let dir = tempDir()
        let path = dir + "/agent.sock"
        let listener = try UnixListener(path: path)
        defer { listener.close() }
        chmod(dir, 0o755)
        chmod(path, 0o666)
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        client.arguments = [
            "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
            "import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print(s.recv(10))", path,
        ]
        try client.run()
        let rejectedUID = Mutex<uid_t?>(nil)
        let accepted = Mutex<SocketConnection?>(nil)
        let thread = Thread {
            let c = listener.accept(rejected: { uid in
                rejectedUID.withLock { $0 = uid }
                listener.close()
            })
            accepted.withLock { $0 = c }
        }
        thread.start()
        await client.exitStatus()
        for _ in 0..<200 where rejectedUID.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(rejectedUID.withLock { $0 } == 65534)
        #expect(accepted.withLock { $0 } == nil)
    }
}
