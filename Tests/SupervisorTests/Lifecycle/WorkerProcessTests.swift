/// Spawning the worker: fd 3 is the link, the environment is an allow-list, exits are reported exactly.
import Foundation
@testable import Supervisor
import Testing

@Suite struct WorkerProcessTests {
    /// Reads from `fd` until EOF.
    private func readAll(_ fd: Int32) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func childTalksOnFD3AndExitCodeIsReported() async throws {
        let worker = try WorkerProcess.spawn(
            executable: "/bin/sh", arguments: ["-c", "read line <&3; echo \"got $line\" >&3; exit 7"])
        defer { close(worker.linkFD) }
        let hello = Array("ping\n".utf8)
        #expect(write(worker.linkFD, hello, hello.count) == hello.count)
        #expect(readAll(worker.linkFD) == "got ping\n")
        #expect(await worker.waitForExit() == .exited(7))
    }

    @Test func environmentIsAnAllowListAndCarriesNoSecrets() async throws {
        setenv("PRX_MATRIX_TEST_SECRET", "syt_must_not_leak", 1)
        defer { unsetenv("PRX_MATRIX_TEST_SECRET") }
        let viaLink = try WorkerProcess.spawn(executable: "/bin/sh", arguments: ["-c", "env >&3"])
        defer { close(viaLink.linkFD) }
        let env = readAll(viaLink.linkFD)
        #expect(await viaLink.waitForExit() == .exited(0))
        #expect(!env.contains("syt_must_not_leak"))
        #expect(env.contains("PRX_MATRIX_LINK_FD=3"))
        #expect(env.contains("GNUTLS_NO_IMPLICIT_INIT=1"))
        let names = env.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) }
        let allowed = Set(
            WorkerProcess.inheritedEnvironment + WorkerProcess.libraryEnvironment.keys
                + ["PRX_MATRIX_LINK_FD", "PWD", "SHLVL", "_"])
        #expect(names.allSatisfy { allowed.contains($0) }, "unexpected variables: \(names)")
    }

    @Test func killedChildIsReportedAsSignalled() async throws {
        let worker = try WorkerProcess.spawn(executable: "/bin/sleep", arguments: ["30"])
        defer { close(worker.linkFD) }
        worker.send(SIGKILL)
        #expect(await worker.waitForExit() == .signalled(SIGKILL))
    }

    @Test func missingExecutableSaysWhatToDo() {
        #expect {
            _ = try WorkerProcess.spawn(executable: "/nonexistent/prx-matrix-worker", arguments: [])
        } throws: { error in
            "\(error)".contains("worker_path") && "\(error)".contains("No such file")
        }
    }

    @Test func supervisorEndIsNotInheritedByTheChild() async throws {
        let worker = try WorkerProcess.spawn(executable: "/bin/sh", arguments: ["-c", "ls /proc/self/fd >&3"])
        defer { close(worker.linkFD) }
        let fds = readAll(worker.linkFD).split(separator: "\n").compactMap { Int32($0) }
        _ = await worker.waitForExit()
        // 0, 1, 2, the link (3) and the one fd ls opens to read the directory: nothing of the test runner's.
        #expect(fds.filter { $0 > 3 }.count == 1, "inherited: \(fds)")
    }
}
