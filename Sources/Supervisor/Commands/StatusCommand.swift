/// `prx-matrix status`: asks the running daemon over its socket and prints its state.
import ArgumentParser
import Foundation
import Shared

/// Prints the daemon's state, the bot's user and device, and the rooms; exit 69 when no daemon runs.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Ask the running daemon for its state.",
        discussion: """
            Connects to the agent socket as an observer (it never disturbs the agent's session). \
            Exit status: 0 when the daemon answered, 69 when no daemon runs, 78 for a bad config.
            """)

    @OptionGroup var configOption: ConfigOption

    @Flag(name: .long, help: "Print one JSON object instead of lines.")
    var json = false

    func run() async throws {
        let config: MatrixConfig
        do {
            config = try configOption.load().config
        } catch {
            printError(error.description)
            throw ExitCodes.config.exitCode
        }
        let report: DaemonReport
        do {
            report = try await StatusClient.ask(path: config.socketPath)
        } catch {
            printError(error.description)
            throw ExitCodes.unavailable.exitCode
        }
        if json {
            print(String(decoding: JSONWriter.bytes(of: report.jsonObject), as: UTF8.self))
        } else {
            print("state: \(report.state.rawValue)" + (report.detail.map { " (\($0))" } ?? ""))
            print("user: \(report.userID.isEmpty ? "(not known yet)" : report.userID)")
            print("device: \(report.deviceID.isEmpty ? "(not known yet)" : report.deviceID)")
            print("rooms: \(report.rooms.joined(separator: ", "))")
            if let daemon = report.daemon { print("daemon: \(daemon)") }
        }
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
