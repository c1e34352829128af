/// Reactions, read receipts and typing sent by the OutboundExecutor, as a second user sees them.
import Foundation
import Shared
import TestSupport
import Testing
@testable import Worker

@Suite struct OutboundSignalTests {
    @Test func reactionArrivesWithItsKey() async throws {
        let room = try await OutboundRoom.make()
        let message = try await room.peerSends("react to me")
        let outcome = try await room.outcome(
            .react(WorkerReaction(row: 1, txnID: "react-1", roomID: room.roomID, eventID: message, key: "👀")))
        guard case .sent(let ids) = outcome, let reactionID = ids.first else {
            throw FixtureError("expected sent, got \(outcome)")
        }
        let event = try await room.peerEvent(reactionID)
        #expect(event["type"] as? String == "m.reaction")
        let relation = (event["content"] as? [String: Any])?["m.relates_to"] as? [String: Any]
        #expect(relation?["rel_type"] as? String == "m.annotation")
        #expect(relation?["event_id"] as? String == message)
        #expect(relation?["key"] as? String == "👀")
    }

    @Test func readReceiptIsVisibleToThePeer() async throws {
        let room = try await OutboundRoom.make()
        let message = try await room.peerSends("read me")
        let outcome = try await room.outcome(.receipt(row: 7, roomID: room.roomID, eventID: message))
        #expect(outcome == .sent(eventIDs: [message]))
        let seen = try await room.peerWaitsForEphemeral { event in
            guard event["type"] as? String == "m.receipt", let content = event["content"] as? [String: Any] else {
                return false
            }
            let reads = (content[message] as? [String: Any])?["m.read"] as? [String: Any]
            return reads?[room.bot.userID] != nil
        }
        #expect(seen.found)
    }

    @Test func typingIsVisibleAndStopsWhenTheAnswerIsSent() async throws {
        let room = try await OutboundRoom.make()
        func typingUsers(_ event: [String: Any]) -> [String]? {
            guard event["type"] as? String == "m.typing" else { return nil }
            return (event["content"] as? [String: Any])?["user_ids"] as? [String]
        }
        let before = try await room.peerSync(since: nil)
        let none = try await room.executor.handle(.typing(roomID: room.roomID, typing: true, timeoutMS: 30_000))
        #expect(none == nil)
        let typing = try await room.peerWaitsForEphemeral(since: before.next) {
            typingUsers($0)?.contains(room.bot.userID) == true
        }
        #expect(typing.found)
        _ = try await room.outcome(room.send("the answer"))
        let stopped = try await room.peerWaitsForEphemeral(since: typing.next) { typingUsers($0)?.isEmpty == true }
        #expect(stopped.found)
    }

    @Test func typingLongerThanOneLeaseIsRefreshed() async throws {
        let room = try await OutboundRoom.make()
        let lease = Duration.seconds(5)
        await room.executor.configureRetries(quickRetryDelays: [], retryLaterMS: 1_000, typingLease: lease)
        let started = ContinuousClock.now
        _ = try await room.executor.handle(.typing(roomID: room.roomID, typing: true, timeoutMS: 60_000))
        #expect(await room.executor.typingRefreshes[room.roomID] != nil)
        // The first refresh goes out at 3/4 of the lease; however late it is, the server's typing state
        // is looked at only once it was accepted and the first lease is over: only the refresh can
        // still show the bot typing then (its own lease runs at least 5 s past the refresh).
        #expect(try await eventually(seconds: 120) { await room.executor.typingRefreshesSent >= 1 })
        try await Task.sleep(until: started + lease + .milliseconds(500))
        let ephemeral = try await room.peerSync(since: nil).ephemeral
        let users = ephemeral.first { $0["type"] as? String == "m.typing" }
            .flatMap { ($0["content"] as? [String: Any])?["user_ids"] as? [String] }
        #expect(users == [room.bot.userID])
        _ = try await room.executor.handle(.typing(roomID: room.roomID, typing: false, timeoutMS: 1))
        #expect(await room.executor.typingRefreshes[room.roomID] == nil)
    }
}
