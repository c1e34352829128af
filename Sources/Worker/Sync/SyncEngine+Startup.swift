/// Start-up: whoami, the store, aliases, room checks (joined? encrypted?) and the sync filter.
import Foundation
import Logging
import MatrixClient
import Shared

extension SyncEngine {
    /// The text of the encrypted-room problem and log line.
    static func encryptedDetail(_ room: String) -> String {
        "room \(room) is encrypted; E2EE arrives with the E2EE issues"
    }

    /// Runs start-up; returns the filter id, or nil when cancelled.
    mutating func startUp() async throws(SyncStop) -> String? {
        guard let whoami = try await call({ [client] in try await client.whoami() }) else { return nil }
        let identity: WhoAmIResponse
        switch whoami {
        case .success(let answer): identity = answer
        case .failure(let error):
            // A permanent whoami failure (a 4xx that is not a token error) will not heal by itself.
            throw .startupFailed("whoami failed: \(error)")
        }
        if identity.userId != settings.userID {
            logger.warning(
                "the token is for \(identity.userId), not the configured \(settings.userID); using \(identity.userId)")
        }
        let deviceID = identity.deviceId ?? settings.deviceID
        if let device = identity.deviceId, device != settings.deviceID {
            logger.warning(
                "the token is for device \(device), not the configured \(settings.deviceID); using \(device)")
        }
        guard let userID = try? UserID(validating: identity.userId) else {
            throw .startupFailed("whoami answered an invalid user id \(identity.userId)")
        }
        do {
            store = try WorkerStore(
                path: settings.storePath, key: settings.storeKey, userID: userID.rawValue, deviceID: deviceID)
        } catch {
            throw .store(error)
        }
        onIdentity(userID)
        let displayName: String?
        switch try await call({ [client] in try await client.displayName(of: userID.rawValue) }) {
        case .success(let name)?: displayName = name
        case .failure, nil: displayName = nil
        }
        normalizer = EventNormalizer(
            userID: userID.rawValue, allowedUsers: settings.allowedUsers, mentionOnly: settings.mentionOnly,
            botDisplayName: displayName)
        try await resolveRooms()
        guard !Task.isCancelled else { return nil }
        logger.info(
            "worker ready to sync",
            metadata: [
                "user": "\(userID)", "device": "\(deviceID)", "rooms": "\(rooms.roomIDs.joined(separator: ","))",
            ])
        // The bot's own events are dropped by the normalizer anyway; filtered out, they do not wake the long poll.
        let filter = SyncFilter.forRooms(
            rooms.roomIDs, timelineLimit: Int(settings.timelineLimit), timelineTypes: Self.timelineTypes,
            excludingSender: userID.rawValue)
        switch try await call({ [client] in try await client.uploadFilter(filter, userId: userID.rawValue) }) {
        case .success(let id)?: return id
        case .failure(let error)?:
            logger.warning("the homeserver refused the sync filter (\(error)); syncing without one")
            return nil
        case nil: return nil
        }
    }

    /// Resolves aliases, then checks each room: joined (else `not_joined`: an invite from an allowed
    /// user is accepted when it arrives in a sync) and not encrypted (else `encryption_unsupported`).
    private mutating func resolveRooms() async throws(SyncStop) {
        for configured in settings.rooms {
            guard configured.hasPrefix("#") else {
                rooms.add(configured, roomID: configured)
                continue
            }
            switch try await call({ [client] in try await client.resolveAlias(configured) }) {
            case .success(let resolution)?: rooms.add(configured, roomID: resolution.roomId)
            case .failure(let error)?:
                logger.error("the alias \(configured) does not resolve: \(error)")
                await status.setProblem(
                    RoomProblem(room: configured, kind: .aliasNotFound, detail: error.serverReason ?? "\(error)"),
                    for: configured)
            case nil: return
            }
        }
        guard case .success(let joined)? = try await call({ [client] in try await client.joinedRooms() }) else {
            return
        }
        for roomID in rooms.roomIDs {
            guard let configured = rooms.configured(roomID) else { continue }
            guard joined.contains(roomID) else {
                let detail = "the bot is not in \(configured); invite it from an allowed user (it then joins by itself)"
                logger.warning("\(detail)")
                await status.setProblem(
                    RoomProblem(room: configured, kind: .notJoined, detail: detail), for: configured)
                continue
            }
            if case .success(let encryption?)? = try await call({ [client] in try await client.roomEncryption(roomID) })
            {
                await reportEncrypted(roomID, algorithm: encryption.algorithm)
            }
        }
    }

    /// Records that `roomID` is encrypted: a room problem, and the log line once.
    mutating func reportEncrypted(_ roomID: String, algorithm: String?) async {
        guard let configured = rooms.configured(roomID) else { return }
        let count = rooms.encryptedEvents[roomID, default: 0]
        var detail = Self.encryptedDetail(configured)
        if count > 0 { detail += " (\(count) encrypted message\(count == 1 ? "" : "s") not delivered)" }
        if await status.problem(for: configured)?.kind != .encryptionUnsupported {
            logger.warning("\(Self.encryptedDetail(configured))", metadata: ["algorithm": "\(algorithm ?? "unknown")"])
        }
        await status.setProblem(
            RoomProblem(room: configured, kind: .encryptionUnsupported, detail: detail), for: configured)
    }
}
