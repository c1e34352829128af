/// `prx-matrix login`: a password login for the bot's device; the tokens are kept sealed in the state store.
import ArgumentParser
import Foundation
import Logging
import MatrixClient
import Shared

/// Logs in with a password (stdin or a prompt, never argv) for the configured or bound device, with a
/// refresh token, and stores the tokens sealed in the queue's secrets for the daemon.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log the bot in with a password and keep the new tokens (sealed) for the daemon.",
        discussion: """
            The password is read from stdin when it is not a terminal (`printf %s "$PW" | prx-matrix login`), \
            else at a prompt without echo; never from an argument. The login keeps the device (device_id \
            from --device-id, the state dir's binding or the config) so its E2EE keys stay valid; the old \
            token of that device stops working. The tokens are used until the config's own access_token \
            changes. A running daemon picks them up on SIGHUP.
            Exit status: 0 logged in, 1 the homeserver refused, 69 unreachable, 73 state store, 78 config.
            """)

    @OptionGroup var configOption: ConfigOption

    @Option(
        name: .long,
        help: ArgumentHelp("The user (localpart or full id); default: user_id, else the bound user.", valueName: "USER")
    )
    var user: String?

    @Option(
        name: .customLong("device-id"),
        help: ArgumentHelp("The device to log in as; default: the bound device, else device_id.", valueName: "ID"))
    var deviceID: String?

    func run() async throws {
        let config: MatrixConfig
        do {
            config = try configOption.load().config
        } catch {
            fail(error.description, .config)
        }
        var logger = Logger(label: "prx-matrix-login")
        logger.logLevel = .warning
        let store: QueueStore
        do {
            store = try QueueStore(stateDirectory: URL(fileURLWithPath: config.stateDirectory))
        } catch {
            fail("\(error)", .cannotCreate)
        }
        let credentials = CredentialManager(store: store, stateDirectory: config.stateDirectory, logger: logger)
        let bound: DeviceBinding?
        do { bound = try await credentials.binding() } catch { fail(error.description, .cannotCreate) }
        guard let user = user ?? config.userID?.rawValue ?? bound?.userID else {
            fail("which user? give --user, or set user_id in [channels_config.matrix]", .usage)
        }
        let device = deviceID ?? bound?.deviceID ?? config.deviceID
        if let bound, let device, device != bound.deviceID {
            fail(
                CredentialError.otherDevice(
                    tokenDevice: device, boundDevice: bound.deviceID, stateDirectory: config.stateDirectory
                )
                .description, .config)
        }
        let password: String
        do { password = try PasswordInput.read(prompt: "Password for \(user): ") } catch { fail("\(error)", .usage) }

        let client = MatrixHTTPClient(homeserver: config.homeserver, logger: logger)
        let answer: LoginResponse
        do {
            answer = try await client.login(
                PasswordLoginRequest(
                    user: user, password: MatrixSecret(password), deviceId: device,
                    initialDeviceDisplayName: "prx-matrix",
                    refreshToken: true))
        } catch {
            let transient = (error as? MatrixError)?.isTransient ?? false
            fail("login refused: \(error)", transient ? .unavailable : .failure)
        }
        let stored: Credentials
        do { stored = try await credentials.storeLogin(answer, config: config) } catch {
            fail(error.description, .config)
        }
        print("logged in as \(stored.userID) on device \(stored.deviceID)")
        if config.deviceID == nil {
            print("set device_id = \"\(stored.deviceID)\" in [channels_config.matrix] to keep this device")
        }
        print(
            "tokens kept sealed in \(config.stateDirectory)/\(QueueStore.databaseFileName) (key: \(config.stateDirectory)/\(StoreKey.fileName)), "
                + (answer.refreshToken == nil ? "no refresh token issued" : "with a refresh token"))
        print(
            "they are used until the config's access_token changes; a running daemon picks them up on SIGHUP (`kill -HUP <pid>` or `systemctl reload prx-matrix`)"
        )
    }

    private func fail(_ message: String, _ code: ExitCodes) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(code.rawValue)
    }
}
