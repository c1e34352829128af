/// `prx-matrix http-exchange` (hidden): the helper process that performs one HTTP exchange for the daemon.
import ArgumentParser
import Foundation
import MatrixClient

/// Reads one ``HTTPRequest`` (JSON) from fd 3 up to EOF, performs it with libcurl and writes the
/// ``HTTPOutcome`` (JSON) back on fd 3. Started by ``HTTPHelperTransport``; not for use by hand.
struct HTTPExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-exchange",
        abstract: "Internal: perform one HTTP exchange for `prx-matrix run` (request and answer on fd 3).",
        shouldDisplay: false)

    func run() async throws {
        let link = WorkerProcess.linkFD
        let input = Descriptor.readToEnd(link) ?? []
        guard let request = try? JSONDecoder().decode(HTTPRequest.self, from: Data(input)) else {
            FileHandle.standardError.write(
                Data(
                    "prx-matrix http-exchange: no request on fd 3; this command runs only as `prx-matrix run`'s helper\n"
                        .utf8))
            throw ExitCodes.usage.exitCode
        }
        let outcome = await CurlTransport(maxIdleThreads: 0).perform(request)
        let answer = try [UInt8](JSONEncoder().encode(outcome))
        guard Descriptor.writeAll(link, answer) else { throw ExitCodes.failure.exitCode }
    }
}
