/// The worker's settings derived from the config and the daemon's state directory.
import Foundation
import MatrixCrypto
import Shared

extension WorkerSettings {
    /// The worker's store file inside the state directory.
    static let storeFileName = "worker.sqlite"
    /// The queue secret holding the key of the worker's store.
    static let storeKeySecret = "worker_store_key"

    /// The settings for `config` with `credentials` (the token, user and device from ``CredentialManager``).
    /// The key of the worker's store is created once (32 random bytes) and kept sealed in the queue's
    /// secrets, so every worker incarnation opens the same store.
    static func make(config: MatrixConfig, store: QueueStore, credentials: Credentials) async throws -> WorkerSettings {
        let key: [UInt8]
        if let stored = try store.secret(name: storeKeySecret), stored.count == 32 {
            key = [UInt8](stored)
        } else {
            key = Primitives.randomBytes(32)
            try store.setSecret(name: storeKeySecret, value: Data(key))
        }
        return WorkerSettings(
            homeserver: config.homeserver.absoluteString, userID: credentials.userID,
            deviceID: credentials.deviceID, accessToken: credentials.accessToken,
            rooms: config.rooms.map(\.description), allowedUsers: config.allowedUsers.asConfigList,
            mentionOnly: config.mentionOnly,
            storePath: (config.stateDirectory as NSString).appendingPathComponent(storeFileName), storeKey: key,
            syncTimeoutMS: Int64(config.syncTimeoutSecs) * 1000, timelineLimit: Int64(config.syncTimelineLimit),
            catchUpMaxEvents: Int64(config.catchUpMaxEvents),
            receiptReaction: config.receiptReaction ?? "", doneReaction: config.doneReaction ?? "",
            logLevel: config.logLevel)
    }
}
