/// `prx-matrix doctor`: every check with its fix, a summary, and a non-zero exit on any failure.
import ArgumentParser
import Foundation
import Logging
import Shared

/// Checks the config, the homeserver, the token and device, the rooms, the state dir, the keys and the daemon.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the setup: config, homeserver, token, rooms, state dir, keys, daemon.",
        discussion: """
            Each check prints ✅, ❌ (with the fix) or ⚠️, within 10 s; then `Summary: N healthy, N unhealthy, \
            N warnings`. It never syncs, sends, refreshes or logs out. Exit status: 0 when nothing failed, 1 \
            when a check failed, 78 for a bad config.
            """)

    @OptionGroup var configOption: ConfigOption

    @Flag(name: .long, help: "Print one JSON object instead of lines.")
    var json = false

    func run() async throws {
        var report = DoctorReport()
        var logger = Logger(label: "prx-matrix-doctor")
        logger.logLevel = .critical
        do {
            let config = try configOption.load().config
            report = await Doctor(logger: logger).run(config: config)
        } catch {
            report.checks.append(
                .unhealthy("config", error.description, fix: "correct the config as the lines above say"))
        }
        if json {
            print(String(decoding: JSONWriter.bytes(of: report.jsonObject), as: UTF8.self))
        } else {
            for check in report.checks { print(check.line) }
            print(report.summary)
        }
        if report.checks.first?.name == "config" && report.failed && report.checks.count == 1 {
            throw ExitCodes.config.exitCode
        }
        if report.failed { throw ExitCodes.failure.exitCode }
    }
}
