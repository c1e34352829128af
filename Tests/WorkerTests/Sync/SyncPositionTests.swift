/// The sync position against a real Synapse: committed only after batch_ack, replayed after a crash,
/// catch-up after downtime (with the /messages gap fill and its horizon), the first-start rule.
import Foundation
import Shared
import TestSupport
import Testing

@testable import Worker

@Suite(.serialized) struct SyncPositionTests {
    @Test func unacknowledgedBatchIsReplayedAfterACrashAndAnAcknowledgedOneIsNot() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        let settings = bed.settings(rooms: [roomID])
        var worker = try WorkerUnderTest.start(settings)
        try await worker.state(.syncing)
        let sent = [
            try await bed.say(bed.alice, roomID, "one"), try await bed.say(bed.alice, roomID, "two"),
            try await bed.say(bed.alice, roomID, "three"),
        ]
        // The first batch is never acknowledged: the worker waits for its ack and is then killed.
        let unacked = try await worker.messages(1, ack: false)
        #expect(unacked.map(\.eventID) == Array(sent.prefix(unacked.count)))
        try await worker.kill9()

        worker = try WorkerUnderTest.start(settings)
        let replayed = try await worker.messages(until: "three")
        #expect(replayed.map(\.eventID) == sent)
        // Acknowledged: the position is committed once the ack is handled; a later crash does not replay.
        try await bed.say(bed.alice, roomID, "four")
        #expect(try await worker.messages(until: "four").map(\.body) == ["four"])
        try await worker.committed()
        try await worker.kill9()

        worker = try WorkerUnderTest.start(settings)
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "five")
        #expect(try await worker.messages(until: "five").map(\.body) == ["five"])
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func catchUpDeliversAllFiftyMissedMessagesOnceInOrder() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        // A 20-event timeline (not the default 100), so the 50 missed messages come back `limited`.
        let settings = bed.settings(rooms: [roomID], timelineLimit: 20)
        var worker = try WorkerUnderTest.start(settings)
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "before")
        _ = try await worker.messages(until: "before")
        #expect(try await worker.stop() == 0)

        var sent: [String] = []
        for index in 1...50 { sent.append(try await bed.say(bed.alice, roomID, "missed \(index)")) }
        worker = try WorkerUnderTest.start(settings)
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "after")
        let messages = try await worker.messages(until: "after")
        #expect(messages.map(\.eventID) == sent + [messages.last?.eventID ?? ""])
        #expect(messages.map(\.body) == (1...50).map { "missed \($0)" } + ["after"])
        // The timeline holds 20 events per sync: the other 30 came from /messages.
        #expect(worker.logLines.contains { $0.contains("filled a gap of 30 events") })
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func catchUpStopsAtTheHorizonAndSaysSo() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        let settings = bed.settings(rooms: [roomID], timelineLimit: 20, catchUpMaxEvents: 10)
        var worker = try WorkerUnderTest.start(settings)
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "before")
        _ = try await worker.messages(until: "before")
        #expect(try await worker.stop() == 0)

        for index in 1...50 { try await bed.say(bed.alice, roomID, "missed \(index)") }
        worker = try WorkerUnderTest.start(settings)
        let messages = try await worker.messages(until: "missed 50")
        // 20 in the limited timeline, 10 more from /messages (catch_up_max_events): the newest 30, in order.
        #expect(messages.map(\.body) == (21...50).map { "missed \($0)" })
        try await worker.waitForLog(containing: "more than catch_up_max_events (10) messages were missed in \(roomID)")
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func firstStartDeliversNothingOlderThanTheStore() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        for index in 1...5 { try await bed.say(bed.alice, roomID, "history \(index)") }
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID]))
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "new")
        #expect(try await worker.messages(until: "new").map(\.body) == ["new"])
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }

    @Test func aRejectedSinceTokenLeadsToOneFreshSyncThatMissesNothing() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        let settings = bed.settings(rooms: [roomID])
        var worker = try WorkerUnderTest.start(settings)
        try await worker.state(.syncing)
        try await bed.say(bed.alice, roomID, "before")
        _ = try await worker.messages(until: "before")
        #expect(try await worker.stop() == 0)

        // Replace the stored token by one the homeserver rejects (400 "Invalid stream token"); the cursors stay.
        let store = try WorkerStore(
            path: settings.storePath, key: settings.storeKey, userID: bed.bot.userID, deviceID: bed.bot.deviceID)
        var position = try store.position()
        #expect(position.since != nil)
        position.since = "not-a-stream-token"
        try store.commit(position)
        try await bed.say(bed.alice, roomID, "while down")

        worker = try WorkerUnderTest.start(settings)
        let messages = try await worker.messages(until: "while down")
        #expect(messages.map(\.body) == ["while down"])
        try await bed.say(bed.alice, roomID, "after")
        #expect(try await worker.messages(until: "after").map(\.body) == ["after"])
        #expect(worker.logLines.filter { $0.contains("starting a fresh sync") }.count <= 1)
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }
}
