/// Outages of the homeserver: a Synapse restart mid-run is `reconnecting` then `syncing`, nothing lost.
import Foundation
import Shared
import TestSupport
import Testing

@testable import Worker

@Suite(.serialized) struct OutageTests {
    @Test func synapseRestartIsReconnectingThenSyncingAndLosesNothing() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID]))
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "before the outage")
        _ = try await worker.messages(until: "before the outage")

        try await bed.synapse.restart()
        let reconnecting = try await worker.state(.reconnecting)
        #expect(reconnecting.detail?.contains("retrying in") == true)
        try await bed.say(bed.alice, roomID, "right after the restart")
        try await worker.state(.syncing, within: .seconds(90))
        try await bed.say(bed.alice, roomID, "later")
        let messages = try await worker.messages(until: "later")
        #expect(messages.map(\.body) == ["right after the restart", "later"])
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }
}
