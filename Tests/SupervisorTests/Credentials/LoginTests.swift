/// `prx-matrix login` against a real Synapse: password on stdin, tokens sealed, device kept; another device refused.
import Foundation
@testable import Supervisor
import Testing
import TestSupport

@Suite(.serialized) struct LoginTests {
    @Test func loginWithPasswordOnStdinStoresSealedTokensAndKeepsTheDevice() async throws {
        let rig = try await TokenRig.make()
        defer { Task { await rig.remove() } }
        let first = try await rig.synapse.register(user: "bot", password: "pw-login")
        try rig.writeConfig(token: first.accessToken, deviceID: first.deviceID)

        let login = try await rig.run(["login", "--config", rig.configPath], stdin: "pw-login\n")
        #expect(login.status == ExitCodes.ok.rawValue, "\(login.stderr)")
        #expect(login.stdout.contains("logged in as @bot:localhost on device \(first.deviceID)"))
        #expect(login.stdout.contains("SIGHUP"))

        let session = try #require(try await rig.storedSession())
        #expect(session.deviceID == first.deviceID && session.origin == .login && session.refreshToken != nil)
        #expect(!login.stdout.contains(session.accessToken) && !login.stderr.contains(session.accessToken))
        // The new token works for the same device.
        #expect(try await rig.whoami(session.accessToken).deviceID == first.deviceID)
        // Sealed at rest: neither token appears in the database files.
        for suffix in ["", "-wal"] {
            let raw = FileManager.default.contents(atPath: "\(rig.stateDirectory)/queue.sqlite\(suffix)") ?? Data()
            #expect(raw.range(of: Data(session.accessToken.utf8)) == nil)
            #expect(raw.range(of: Data(try #require(session.refreshToken).utf8)) == nil)
        }
        // A wrong password is refused with a non-zero exit, and keeps the stored session.
        let refused = try await rig.run(["login", "--config", rig.configPath], stdin: "wrong")
        #expect(refused.status == ExitCodes.failure.rawValue && refused.stderr.contains("M_FORBIDDEN"))
        #expect(try await rig.storedSession() == session)
    }

    @Test func aTokenOfAnotherDeviceIsRefusedWithTheFix() async throws {
        let rig = try await TokenRig.make()
        defer { Task { await rig.remove() } }
        // No device_id in the config: the login makes a new device and binds the state dir to it.
        let first = try await rig.synapse.register(user: "bot", password: "pw-dev")
        try rig.writeConfig(token: first.accessToken, deviceID: nil)
        #expect(
            try await rig.run(["login", "--config", rig.configPath], stdin: "pw-dev").status == ExitCodes.ok.rawValue)
        let bound = try #require(try await rig.storedSession()).deviceID

        // The state dir is bound to the first device; a token of a second device must not reuse its store.
        let other = try await rig.synapse.login(user: "bot", password: "pw-dev", deviceID: "OTHERDEV")
        try rig.writeConfig(token: other.accessToken, deviceID: nil)
        let daemon = try rig.startDaemon()
        #expect(await daemon.exitStatus() == ExitCodes.config.rawValue)
        #expect(
            rig.log.contains(
                "this token belongs to device OTHERDEV but the store holds the keys of device \(bound): "
                    + "log in again with device_id = \(bound) (`prx-matrix login`), or move the state dir"))
        #expect(!rig.log.contains(other.accessToken))

        // login refuses another device before asking for a password.
        let login = try await rig.run(
            ["login", "--config", rig.configPath, "--device-id", "OTHERDEV"], stdin: "pw-dev")
        #expect(login.status == ExitCodes.config.rawValue && login.stderr.contains("device_id = \(bound)"))
    }
}
