/// `scripts/demo --check`: the README's first command, non-interactively, against the built binaries.
import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct DemoScriptTests {
    @Test func demoCheckGetsTheEchoBackAndStopsEverything() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-demo-\(UUID().uuidString.prefix(8))"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = Process()
        // Through Python, to start the demo with no signal blocked, as from a shell: the test process
        // blocks SIGTERM in the thread that spawns, and children inherit the mask.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
            RepoPaths.script("demo").path, "--check", "--no-setup",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["PRX_DEMO_DIR"] = directory
        environment["PRX_MATRIX_VENV"] = RepoPaths.venv.path
        environment["PRX_MATRIX_BIN_DIR"] = RepoPaths.product("prx-matrix").deletingLastPathComponent().path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let (status, data) = await process.outputAndExit(of: output)
        let text = String(decoding: data, as: UTF8.self)
        #expect(status == 0, "\(text)")
        #expect(text.contains("bot (@bot:localhost): echo: hello"))
        #expect(text.contains("demo check passed"))
        // Nothing of the demo is left running: no daemon, no Synapse on its directory.
        // (The watcher that ties Synapse to the demo's shell notices within a second that the shell is gone.)
        func left() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { entry in
                guard Int32(entry) != nil,
                    let commandLine = try? String(contentsOfFile: "/proc/\(entry)/cmdline", encoding: .utf8)
                else { return false }
                return commandLine.contains(directory)
            }
        }
        #expect(try await eventually(seconds: 60) { left().isEmpty }, "still running: \(left())")
    }
}
