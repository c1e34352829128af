/// The `prx-matrix-worker` entry point: started by the supervisor with its link on fd 3, never by hand.
import Foundation
import Shared

#if canImport(Glibc)
    import Glibc
#endif

@main
enum WorkerMain {
    static func main() {
        guard let fdText = ProcessInfo.processInfo.environment["PRX_MATRIX_LINK_FD"], let fd = Int32(fdText),
            fcntl(fd, F_GETFD) != -1
        else {
            FileHandle.standardError.write(
                Data(
                    "prx-matrix-worker \(ProjectInfo.version): started by prx-matrix, not by hand (no PRX_MATRIX_LINK_FD)\n"
                        .utf8))
            exit(WorkerExitCode.linkProtocol.rawValue)
        }
        let code = runBlocking {
            await WorkerRuntime.run(link: SupervisorLink(fd: fd)) { client, userID, settings, logger in
                OutboundExecutor(client: client, userID: userID, settings: settings, logger: logger)
            }
        }
        exit(code.rawValue)
    }
}
