/// The real worker against a real Synapse: start-up (whoami, aliases, joins, room problems) and link rules.
import Foundation
import Shared
import TestSupport
import Testing

@testable import Worker

@Suite(.serialized) struct WorkerStartupTests {
    @Test func joinsOnAnInviteFromAnAllowedUserAndReportsSyncing() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.createRoom(by: bed.alice, invite: [bed.bot])
        // A configured device id that whoami contradicts: whoami wins, with a warning.
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID], deviceID: "NOTMYDEVICE"))
        let starting = try await worker.state(.starting) { !$0.roomProblems.isEmpty }
        #expect(starting.roomProblems.map(\.kind) == [.notJoined])
        try await worker.state(.syncing)
        try await worker.waitForLog(containing: "joined \(roomID) on the invite of \(bed.alice.userID)")
        try await worker.state(.syncing) { $0.roomProblems.isEmpty }
        #expect(worker.logLines.contains { $0.contains("not the configured NOTMYDEVICE; using \(bed.bot.deviceID)") })
        let members = try await bed.synapse.request(
            path: "/_matrix/client/v3/rooms/\(roomID.pathEscaped)/joined_members", token: bed.alice.accessToken)
        #expect((members.json["joined"] as? [String: Any])?[bed.bot.userID] != nil)
        // The joined room works: a message from alice arrives.
        try await bed.say(bed.alice, roomID, "hello after the join")
        let messages = try await worker.messages(until: "hello after the join")
        #expect(messages.map(\.body) == ["hello after the join"])
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func aliasesResolveAndUnservableRoomsAreReported() async throws {
        let bed = try await MatrixTestbed.start()
        let aliased = try await bed.createRoom(by: bed.alice, invite: [bed.bot], alias: "support")
        try await bed.join(bed.bot, aliased)
        let strangers = try await bed.createRoom(by: bed.mallory, invite: [bed.bot])
        let rooms = ["#support:localhost", "#missing:localhost", strangers]
        let worker = try WorkerUnderTest.start(bed.settings(rooms: rooms))
        let status = try await worker.state(.syncing) { status in
            status.roomProblems.count == 2
                && status.roomProblems.allSatisfy {
                    $0.detail?.contains("allowed_users") == true || $0.kind == .aliasNotFound
                }
        }
        let byRoom = Dictionary(uniqueKeysWithValues: status.roomProblems.map { ($0.room, $0) })
        #expect(byRoom["#missing:localhost"]?.kind == .aliasNotFound)
        #expect(byRoom[strangers]?.kind == .notJoined)
        #expect(byRoom[strangers]?.detail?.contains("invited to \(strangers) by \(bed.mallory.userID)") == true)
        #expect(byRoom["#support:localhost"] == nil)
        try await bed.say(bed.alice, aliased, "via the alias")
        let messages = try await worker.messages(until: "via the alias")
        #expect(messages.map(\.roomID) == [aliased])
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func encryptedRoomIsReportedAndItsEventsCounted() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.createRoom(by: bed.alice, invite: [bed.bot], encrypted: true)
        try await bed.join(bed.bot, roomID)
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID]))
        let first = try await worker.state(.syncing) { $0.roomProblems.first?.kind == .encryptionUnsupported }
        #expect(first.roomProblems.first?.detail == "room \(roomID) is encrypted; E2EE arrives with the E2EE issues")
        try await worker.waitForLog(containing: "room \(roomID) is encrypted; E2EE arrives with the E2EE issues")
        let ciphertext: [String: Any] = [
            "algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEhAA", "session_id": "s", "sender_key": "k",
            "device_id": "D",
        ]
        try await bed.send(bed.alice, roomID, type: "m.room.encrypted", ciphertext)
        try await bed.send(bed.alice, roomID, type: "m.room.encrypted", ciphertext)
        let counted = try await worker.state(.syncing) {
            $0.roomProblems.first?.detail?.contains("(2 encrypted messages not delivered)") == true
        }
        #expect(counted.roomProblems.map(\.kind) == [.encryptionUnsupported])
        #expect(!worker.events.contains { if case .batch = $0 { true } else { false } })
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func revokedTokenReportsTokenInvalidAndExits77() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID]))
        try await worker.state(.syncing)
        let logout = try await bed.synapse.request(
            method: "POST", path: "/_matrix/client/v3/logout", token: bed.bot.accessToken, json: [:])
        #expect(logout.status == 200)
        let status = try await worker.state(.tokenInvalid(softLogout: false))
        #expect(status.detail?.contains("M_UNKNOWN_TOKEN") == true)
        #expect(try await worker.waitForExit() == WorkerExitCode.tokenInvalid.rawValue)
        try await bed.stop()
    }

    @Test func expiredTokenReportsSoftLogoutAndExits77() async throws {
        let bed = try await MatrixTestbed.start(
            overlay: "refreshable_access_token_lifetime: 4s\nrefresh_token_lifetime: 1h\n")
        let roomID = try await bed.sharedRoom()
        let session = try await bed.synapse.login(user: "bot", password: "bot-password", refreshToken: true)
        #expect(session.expiresInMs != nil)
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID], session: session))
        try await worker.state(.syncing)
        let status = try await worker.state(.tokenInvalid(softLogout: true))
        #expect(status.detail?.contains("M_UNKNOWN_TOKEN") == true)
        #expect(try await worker.waitForExit() == WorkerExitCode.tokenInvalid.rawValue)
        try await bed.stop()
    }
}
