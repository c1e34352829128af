/// The daemon's HTTP helper (`prx-matrix http-exchange`) against a real Synapse, and when it fails, hangs or is cancelled.
import Foundation
import Logging
import MatrixClient
@testable import Supervisor
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

@Suite(.serialized) struct HTTPHelperTransportTests {
    let helper = HTTPHelperTransport(executable: RepoPaths.product("prx-matrix").path)

    private func client(_ synapse: SynapseServer, token: String?, transport: any HTTPTransport) -> MatrixHTTPClient {
        MatrixHTTPClient(
            homeserver: synapse.baseURL, accessToken: token, requestTimeout: .seconds(10), transport: transport,
            logger: .init(label: "test"))
    }

    @Test func answersAndMatrixErrorsAreThoseOfLibcurlInProcess() async throws {
        let synapse = try await SynapseServer.start()
        defer { Task { try? await synapse.stop() } }
        let bot = try await synapse.register(user: "bot", password: "pw-helper")

        let viaHelper = try await client(synapse, token: bot.accessToken, transport: helper).whoami()
        let inProcess = try await client(synapse, token: bot.accessToken, transport: CurlTransport()).whoami()
        #expect(viaHelper.userId == bot.userID && viaHelper.deviceId == bot.deviceID)
        #expect(viaHelper.userId == inProcess.userId && viaHelper.deviceId == inProcess.deviceId)

        // A refused token: the same MatrixError (status, errcode, reason, soft_logout) either way.
        var errors: [MatrixError] = []
        for transport in [helper, CurlTransport()] as [any HTTPTransport] {
            do {
                _ = try await client(synapse, token: "syt_not_a_token", transport: transport).whoami()
            } catch let error as MatrixError {
                errors.append(error)
            }
        }
        #expect(errors.count == 2 && errors[0] == errors[1])
        #expect(errors.first?.errcode == "M_UNKNOWN_TOKEN" && errors.first?.status == 401)
    }

    @Test func aMissingHelperIsUnavailableAndSaysWhy() async throws {
        let outcome = await HTTPHelperTransport(executable: "/nonexistent/prx-matrix").perform(Self.request())
        guard case .unavailable(let reason) = outcome else {
            Issue.record("expected unavailable, got \(outcome)")
            return
        }
        #expect(reason.contains("cannot start the HTTP helper /nonexistent/prx-matrix: No such file or directory"))
    }

    @Test func aHelperThatAnswersNothingIsUnavailable() async throws {
        let outcome = await HTTPHelperTransport(executable: "/bin/true").perform(Self.request())
        #expect(
            outcome
                == .unavailable(
                    "the HTTP helper /bin/true http-exchange failed (exit code 0); see its message above, or run `prx-matrix doctor`"
                ))
    }

    @Test func aHelperRunByHandSaysWhatItIs() async throws {
        let process = Process()
        process.executableURL = RepoPaths.product("prx-matrix")
        process.arguments = ["http-exchange"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == ExitCodes.usage.rawValue)
        #expect(message.contains("this command runs only as `prx-matrix run`'s helper"))
    }

    @Test func cancellingKillsTheHelper() async throws {
        let (script, pidFile) = try Self.hangingHelper()
        let task = Task { await HTTPHelperTransport(executable: script).perform(Self.request()) }
        #expect(try await eventually(seconds: 30) { FileManager.default.fileExists(atPath: pidFile) })
        let pid = try #require(
            pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        task.cancel()
        #expect(await task.value == .cancelled)
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the helper \(pid) still runs")
    }

    @Test func aHelperPastItsDeadlineIsKilledAndTimesOut() async throws {
        let (script, pidFile) = try Self.hangingHelper()
        let outcome = await HTTPHelperTransport(executable: script, graceMilliseconds: 200).perform(
            Self.request(timeoutMilliseconds: 100))
        #expect(outcome == .failure(28))  // CURLE_OPERATION_TIMEDOUT
        let pid = try #require(
            pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the helper \(pid) still runs")
    }

    /// A script that records its pid and never answers.
    private static func hangingHelper() throws -> (script: String, pidFile: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-helper-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("helper").path
        let pidFile = directory.appendingPathComponent("pid").path
        try Data("#!/bin/sh\necho $$ > \(pidFile).tmp && mv \(pidFile).tmp \(pidFile)\nexec sleep 60\n".utf8).write(
            to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        return (script, pidFile)
    }

    private static func request(timeoutMilliseconds: Int = 10_000) -> HTTPRequest {
        HTTPRequest(
            method: .get, url: "http://127.0.0.1:9/_matrix/client/v3/account/whoami", headers: [], body: nil,
            timeoutMilliseconds: timeoutMilliseconds, connectTimeoutMilliseconds: 1_000)
    }
}
