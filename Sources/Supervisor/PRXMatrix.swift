/// The `prx-matrix` command line: `run`, `check-config`, `doctor`, `login`, `status`.
import ArgumentParser
import Shared

@main
struct PRXMatrix: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prx-matrix",
        abstract: "PRX's Matrix channel as a standalone daemon.",
        version: ProjectInfo.version,
        subcommands: [
            RunCommand.self, StatusCommand.self, CheckConfigCommand.self, LoginCommand.self, DoctorCommand.self,
            HTTPExchangeCommand.self,
        ]
    )

    /// Parses the command line and runs the command, the main thread waiting (``runBlocking(_:)`` says why
    /// this is not an async main).
    static func main() {
        runBlocking { await main(nil) }
    }
}
