/// The doctor's homeserver checks: the token and its device, every room, our device keys and one-time keys.
import Foundation
import MatrixClient
import Shared

extension Doctor {
    /// whoami with the token the daemon would use (stored login/refresh tokens for this config token,
    /// else the config's); compares user and device with the config and the binding. Nil when unusable.
    func token(
        config: MatrixConfig, client: MatrixHTTPClient, stored: DoctorLocalState, into report: inout DoctorReport
    ) async -> (userID: String, deviceID: String)? {
        var token = config.accessToken.value
        var origin = "the config"
        if let session = stored.session, session.configFingerprint == Credentials.fingerprint(of: token) {
            token = session.accessToken
            origin = "`prx-matrix login`/refresh (sealed in the state dir)"
        }
        client.setAccessToken(token)
        let answer: WhoAmIResponse
        do {
            answer = try await limited { try await client.whoami() }
        } catch let error as MatrixError where error.isUnknownToken {
            let refresh = error.isSoftLogout && stored.session?.refreshToken != nil
            report.checks.append(
                .unhealthy(
                    "token",
                    "the homeserver refused the access token from \(origin): \(error.serverReason ?? "\(error)")",
                    fix: refresh
                        ? "it expired; a running daemon refreshes it, or run `prx-matrix login`"
                        : "set a new access_token in the config or run `prx-matrix login`, then send SIGHUP to the daemon"
                ))
            return nil
        } catch {
            report.checks.append(
                .unhealthy("token", "whoami failed: \(error)", fix: "check the homeserver's log; try again"))
            return nil
        }
        guard let deviceID = answer.deviceId ?? config.deviceID else {
            report.checks.append(
                .unhealthy(
                    "token", "the token of \(answer.userId) has no device",
                    fix: "set device_id in [channels_config.matrix]"))
            return nil
        }
        if let bound = stored.binding, bound.userID != answer.userId || bound.deviceID != deviceID {
            let error: CredentialError =
                bound.userID != answer.userId
                ? .otherUser(tokenUser: answer.userId, boundUser: bound.userID, stateDirectory: config.stateDirectory)
                : .otherDevice(
                    tokenDevice: deviceID, boundDevice: bound.deviceID, stateDirectory: config.stateDirectory)
            report.checks.append(.unhealthy("device", "\(error)", fix: "see the message"))
            return nil
        }
        report.checks.append(.healthy("token", "valid (from \(origin)): \(answer.userId) device \(deviceID)"))
        var differences: [String] = []
        if let hint = config.userID?.rawValue, hint != answer.userId { differences.append("user_id = \(hint)") }
        if let hint = config.deviceID, hint != deviceID { differences.append("device_id = \(hint)") }
        if !differences.isEmpty {
            report.checks.append(
                .warning(
                    "config ids",
                    "the config says \(differences.joined(separator: ", ")) but the token belongs to \(answer.userId) device \(deviceID)",
                    fix: "correct user_id/device_id in the config (whoami's answer is used)"))
        }
        return (answer.userId, deviceID)
    }

    /// Per configured room: the alias resolves, we are joined, whether it is encrypted, how many members.
    func rooms(config: MatrixConfig, client: MatrixHTTPClient) async -> [DoctorCheck] {
        let joined: Set<String>
        do {
            joined = Set(try await limited { try await client.joinedRooms() })
        } catch {
            return [.unhealthy("rooms", "joined_rooms failed: \(error)", fix: "check the homeserver's log; try again")]
        }
        var checks: [DoctorCheck] = []
        for room in config.rooms {
            let name = "room \(room.description)"
            var roomID = room.description
            if !roomID.hasPrefix("!") {
                do {
                    roomID = try await limited { try await client.resolveAlias(room.description) }.roomId
                } catch {
                    checks.append(
                        .unhealthy(
                            name, "the alias does not resolve: \(error)",
                            fix:
                                "check room_id/room_ids in the config (a typo?), or create the alias; a room id (!…) avoids the look-up"
                        ))
                    continue
                }
            }
            guard joined.contains(roomID) else {
                checks.append(
                    .unhealthy(
                        name, "\(roomID): the bot is not joined",
                        fix:
                            "invite the bot from an allowed user's client and let it join (or join it with the bot's account)"
                    ))
                continue
            }
            do {
                let id = roomID
                let encryption = try await limited { try await client.roomEncryption(id) }
                let members = try await limited { try await client.joinedMembers(id) }.count
                let encrypted = encryption.map { "encrypted (\($0.algorithm))" } ?? "not encrypted"
                checks.append(.healthy(name, "\(roomID): joined, \(encrypted), \(members) members"))
            } catch {
                checks.append(
                    .unhealthy(
                        name, "\(roomID): cannot read its state: \(error)",
                        fix: "check the bot's power level and membership"))
            }
        }
        return checks
    }

    /// Our device's keys on the server against the local store, and the one-time key count.
    func deviceKeys(client: MatrixHTTPClient, userID: String, deviceID: String, local: DoctorLocalState) async
        -> [DoctorCheck]
    {
        var checks: [DoctorCheck] = []
        let published: DeviceKeys?
        do {
            published = try await limited { try await client.queryKeys(users: [userID]) }.device(deviceID, of: userID)
        } catch {
            return [
                .unhealthy("device keys", "keys/query failed: \(error)", fix: "check the homeserver's log; try again")
            ]
        }
        if let published {
            checks.append(
                .warning(
                    "device keys",
                    "the server holds keys for device \(deviceID) (ed25519 \(published.ed25519 ?? "?")) but this state dir holds "
                        + "no E2EE identity yet: messages encrypted to those keys cannot be decrypted here",
                    fix:
                        "keep the state dir that made those keys, or log in as a new device (`prx-matrix login` without "
                        + "device_id, then set the new device_id) and move this state dir away"))
        } else {
            checks.append(
                .healthy("device keys", "no keys published for device \(deviceID) yet; no local E2EE identity yet"))
        }
        do {
            let counts = try await limited { try await client.uploadKeys() }
            let count = counts["signed_curve25519"] ?? 0
            if published != nil && count == 0 {
                checks.append(
                    .warning(
                        "one-time keys", "0 left on the server", fix: "start the daemon: the worker uploads new ones"))
            } else {
                checks.append(.healthy("one-time keys", "\(count) signed_curve25519 on the server"))
            }
        } catch {
            checks.append(
                .unhealthy(
                    "one-time keys", "keys/upload failed: \(error)", fix: "check the homeserver's log; try again"))
        }
        return checks
    }
}
