/// The doctor's local checks: the state directory's modes and what the state store holds (session, binding).
import Foundation
import Shared

/// What the doctor learned from the state directory.
struct DoctorLocalState: Sendable {
    /// The state-dir check.
    var check: DoctorCheck
    /// Tokens from `prx-matrix login` or `/refresh`, if stored.
    var session: StoredSession?
    /// The device the state dir is bound to, if any.
    var binding: DeviceBinding?
}

extension Doctor {
    /// Checks the state dir (0700) and its files (0600) with ``PrivateFiles``, then reads the stored
    /// session and the device binding when the queue exists. Creates nothing that is not there.
    func localState(config: MatrixConfig) async -> DoctorLocalState {
        let directory = config.stateDirectory
        let name = "state dir"
        guard FileManager.default.fileExists(atPath: directory) else {
            return DoctorLocalState(
                check: .warning(
                    name, "\(directory) does not exist yet", fix: "`prx-matrix run` creates it with mode 0700"))
        }
        do {
            try PrivateFiles.check(directory, isDirectory: true, allowedMode: PrivateFiles.directoryMode)
            for file in [StoreKey.fileName, QueueStore.databaseFileName, WorkerSettings.storeFileName] {
                try PrivateFiles.check(
                    (directory as NSString).appendingPathComponent(file), isDirectory: false,
                    allowedMode: PrivateFiles.fileMode, mustExist: false)
            }
        } catch let error as QueueError {
            return DoctorLocalState(check: .unhealthy(name, "\(error)", fix: Self.fix(for: error)))
        } catch {
            return DoctorLocalState(check: .unhealthy(name, "\(error)", fix: "check \(directory) and its files"))
        }
        let database = (directory as NSString).appendingPathComponent(QueueStore.databaseFileName)
        guard FileManager.default.fileExists(atPath: database) else {
            return DoctorLocalState(check: .healthy(name, "\(directory) is private (0700); no queue yet"))
        }
        do {
            let store = try QueueStore(stateDirectory: URL(fileURLWithPath: directory))
            let credentials = CredentialManager(store: store, stateDirectory: directory, logger: logger)
            let session = try await credentials.session()
            let binding = try await credentials.binding()
            let bound = binding.map { "bound to \($0.userID) device \($0.deviceID)" } ?? "not bound to a device yet"
            return DoctorLocalState(
                check: .healthy(name, "\(directory) and its files are private (0700/0600); \(bound)"), session: session,
                binding: binding)
        } catch {
            return DoctorLocalState(
                check: .unhealthy(
                    name, "the queue in \(directory) cannot be read: \(error)",
                    fix: "see the message; restore \(directory) from a backup with its store.key"))
        }
    }

    /// The fix for a state-dir problem.
    static func fix(for error: QueueError) -> String {
        switch error {
        case .permissionsTooOpen(let path, _, let expected):
            "chmod \(String(expected, radix: 8)) \(path)"
        case .wrongOwner(let path, _, _):
            "chown the state dir to the daemon's user, e.g. `chown -R $(id -un) \(path)`"
        case .wrongFileType(let path, _):
            "move \(path) away so the daemon can create it"
        default:
            "\(error)"
        }
    }
}
