/// `prx-matrix check-config`: validate the config, print it with the token redacted, or print every problem.
import ArgumentParser
import Foundation
import Shared

/// Checks the config: exit 0 with the effective config on stdout, or 78 with every problem on stderr.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check the config; print the effective config (token redacted) or every problem.",
        discussion: "Exit status: 0 when the config is usable (warnings go to stderr), 78 (EX_CONFIG) when it is not.")

    @OptionGroup var configOption: ConfigOption

    func run() throws {
        do {
            let loaded = try configOption.load()
            for warning in loaded.warnings { printError(warning.description) }
            print(loaded.config.redactedDescription, terminator: "")
        } catch {
            printError(error.description)
            throw ExitCodes.config.exitCode
        }
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
