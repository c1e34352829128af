/// A sync response that fails half-way (the gap fill of its second room) is retried without losing the
/// first room's messages: real Synapse behind scripts/peers/fault_proxy.py, which fails one /messages.
import Foundation
import Shared
import TestSupport
import Testing

@testable import Worker

@Suite(.serialized) struct HalfFailedSyncTests {
    @Test func aGapFillFailingInTheSecondRoomLosesNothingOfTheFirst() async throws {
        let bed = try await MatrixTestbed.start()
        try await PythonPeer.with(script: "peers/fault_proxy.py", arguments: [bed.synapse.baseURL.absoluteString]) {
            proxy in
            let port = try #require(try await proxy.call(["op": "port"])["port"] as? Int)
            // The engine handles joined rooms in room id order: `first` is handled before `second`.
            let rooms = [try await bed.sharedRoom(), try await bed.sharedRoom()].sorted()
            let (first, second) = (rooms[0], rooms[1])
            var settings = bed.settings(rooms: rooms, timelineLimit: 20)
            settings.homeserver = "http://127.0.0.1:\(port)"

            var worker = try WorkerUnderTest.start(settings)
            try await worker.state(.syncing)
            try await bed.say(bed.alice, second, "before")
            _ = try await worker.messages(until: "before")
            #expect(try await worker.stop() == 0)

            // While the worker is down: 3 messages in the first room, 25 in the second (more than the
            // 20-event timeline, so its gap is filled with /messages, whose first call fails with a 502).
            var expected: [String] = []
            for index in 1...3 { expected.append(try await bed.say(bed.alice, first, "first \(index)")) }
            for index in 1...25 { expected.append(try await bed.say(bed.alice, second, "second \(index)")) }
            _ = try await proxy.call([
                "op": "fail", "method": "GET", "path": "/_matrix/client/v3/rooms/[^/]+/messages", "times": 1,
                "status": 502,
            ])

            worker = try WorkerUnderTest.start(settings)
            try await worker.state(.syncing)
            let after = try await bed.say(bed.alice, first, "after")
            let delivered = try await worker.messages(until: "after").map(\.eventID)
            let failed = try #require(try await proxy.call(["op": "failed"])["failed"] as? [[String]])
            #expect(failed.count == 1, "the injected 502 was not requested: \(failed)")
            let missing = Set(expected + [after]).subtracting(delivered)
            #expect(missing.isEmpty, "\(missing.count) of \(expected.count + 1) messages never delivered")
            #expect(
                delivered.count == Set(delivered).count, "delivered twice: \(delivered.count - Set(delivered).count)")
            #expect(try await worker.stop() == 0)
            try await bed.stop()
        }
    }
}
