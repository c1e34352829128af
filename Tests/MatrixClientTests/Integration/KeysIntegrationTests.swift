/// The E2EE plumbing against a real Synapse: key query and upload (the doctor), claim, to-device, key changes.
import Foundation
import MatrixClient
import Testing
import TestSupport

@Suite(.serialized) struct KeysIntegrationTests {
    /// Fake but well-formed device keys (Synapse stores them without checking the signature).
    private static func deviceKeys(user: String, device: String, ed25519: String) -> MatrixJSON {
        .object([
            "user_id": .string(user), "device_id": .string(device),
            "algorithms": .array([.string("m.olm.v1.curve25519-aes-sha2"), .string("m.megolm.v1.aes-sha2")]),
            "keys": .object(["curve25519:\(device)": .string("Y3VydmU"), "ed25519:\(device)": .string(ed25519)]),
            "signatures": .object([user: .object(["ed25519:\(device)": .string("c2ln")])]),
        ])
    }

    @Test func keysQueryAndUploadForOurOwnDevice() async throws {
        try await SynapseTestbed.run { testbed in
            let bot = testbed.botClient
            let (user, device) = (testbed.bot.userID, testbed.bot.deviceID)
            #expect(try await bot.queryKeys(users: [user]).device(device, of: user) == nil)
            #expect(try await bot.uploadKeys()["signed_curve25519", default: 0] == 0)

            let deviceKeys = Self.deviceKeys(user: user, device: device, ed25519: "ZWQ")
            let oneTimeKeys: [String: MatrixJSON] = [
                "signed_curve25519:AAAAAQ": .object(["key": .string("b3Rr"), "signatures": .object([:])]),
                "signed_curve25519:AAAAAg": .object(["key": .string("b3Rs"), "signatures": .object([:])]),
            ]
            let counts = try await bot.uploadKeys(KeysUploadRequest(deviceKeys: deviceKeys, oneTimeKeys: oneTimeKeys))
            #expect(counts["signed_curve25519"] == 2)

            let keys = try #require(try await bot.queryKeys(users: [user]).device(device, of: user))
            #expect(keys.curve25519 == "Y3VydmU" && keys.ed25519 == "ZWQ")
            let sync = try await bot.sync(since: nil, timeout: .zero, filter: nil)
            #expect(sync.deviceOneTimeKeysCount["signed_curve25519"] == 2)
        }
    }

    @Test func claimToDeviceAndKeyChanges() async throws {
        try await SynapseTestbed.run { testbed in
            let (bot, alice) = (testbed.botClient, testbed.aliceClient)
            let roomId = try await testbed.aliceCreatesRoom()
            _ = try await bot.join(roomId)
            let before = try await bot.sync(since: nil, timeout: .zero, filter: nil).nextBatch

            _ = try await alice.uploadKeys(
                KeysUploadRequest(
                    deviceKeys: Self.deviceKeys(
                        user: testbed.alice.userID, device: testbed.alice.deviceID, ed25519: "YWxpY2U"),
                    oneTimeKeys: [
                        "signed_curve25519:AAAAAQ": .object(["key": .string("b3Rr"), "signatures": .object([:])])
                    ]))
            let (changed, after) = try await SynapseTestbed.syncUntil(bot, since: before) { sync in
                sync.deviceLists.changed.contains(testbed.alice.userID) ? true : nil
            }
            #expect(changed)
            #expect(try await bot.keyChanges(from: before, to: after).changed == [testbed.alice.userID])

            let claimed = try await bot.claimKeys([testbed.alice.userID: [testbed.alice.deviceID]])
            let key = claimed.oneTimeKeys[testbed.alice.userID]?[testbed.alice.deviceID]?["signed_curve25519:AAAAAQ"]
            #expect(key?["key"] == .string("b3Rr"))
            #expect(try await alice.uploadKeys()["signed_curve25519", default: 0] == 0)

            let content: MatrixJSON = .object(["note": .string("over to-device")])
            for _ in 0..<2 {
                try await bot.sendToDevice(
                    eventType: "org.example.ping", txnId: "td/1",
                    messages: [testbed.alice.userID: [testbed.alice.deviceID: content]])
            }
            let (received, _) = try await SynapseTestbed.syncUntil(alice, since: nil) { sync in
                sync.toDevice.isEmpty ? nil : sync.toDevice
            }
            #expect(received.count == 1)
            #expect(received.first?.type == "org.example.ping" && received.first?.sender == testbed.bot.userID)
            #expect(received.first?.content == content)
        }
    }
}
