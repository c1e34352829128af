/// The runtime hands outbound commands to the OutboundExecutor in order and reports their outcomes.
import Foundation
import Shared
import TestSupport
import Testing

@testable import Worker

@Suite struct WorkerOutboundWiringTests {
    @Test func sendsGoOutInOrderWithOutcomesWhileInboundKeepsFlowing() async throws {
        let bed = try await MatrixTestbed.start()
        let roomID = try await bed.sharedRoom()
        let worker = try WorkerUnderTest.start(bed.settings(rooms: [roomID]))
        try await worker.state(.syncing)
        for row in Int64(1)...3 {
            try worker.send(
                .send(
                    WorkerSend(row: row, txnID: "prx-test-\(row)", roomID: roomID, body: "reply \(row)", format: .plain)
                ))
        }
        var sent: [Int64: String] = [:]
        while sent.count < 3 {
            let (row, eventID) = try await worker.next { event -> (Int64, String)? in
                if case .outcome(let row, .sent(let ids)) = event, let first = ids.first { return (row, first) }
                return nil
            }
            sent[row] = eventID
        }
        let timeline = try await bed.synapse.request(
            path: "/_matrix/client/v3/rooms/\(roomID.pathEscaped)/messages?dir=b&limit=3", token: bed.alice.accessToken)
        let bodies = (timeline.json["chunk"] as? [[String: Any]])?.compactMap {
            ($0["content"] as? [String: Any])?["body"] as? String
        }
        #expect(bodies == ["reply 3", "reply 2", "reply 1"])
        // The bot's own messages are not delivered back; alice's next one is.
        try await bed.say(bed.alice, roomID, "thanks")
        #expect(try await worker.messages(until: "thanks").map(\.body) == ["thanks"])
        #expect(try await worker.stop() == 0)
        try await bed.stop()
    }
}
