/// BatchSplitter and Backoff: batches under the frame limit in order; delays that grow, cap and jitter.
import Shared
import Testing

@testable import Worker

@Suite struct BatchSplitterTests {
    static func event(_ index: Int, bodyBytes: Int) -> InboundEvent {
        InboundEvent(
            eventID: "$e\(index)", roomID: "!r:hs", sender: "@a:hs", body: String(repeating: "x", count: bodyBytes),
            ts: Int64(index), encrypted: false)
    }

    @Test func everyBatchFitsAndTheOrderIsKept() throws {
        let events = (0..<50).map { Self.event($0, bodyBytes: 1000) }
        let limit = 10_000
        let batches = BatchSplitter.split(events, limit: limit)
        #expect(batches.count > 1)
        #expect(batches.flatMap { $0 } == events)
        for batch in batches {
            #expect(SupervisorLink.payloadSize(of: .batch(id: Int64.max, events: batch)) <= limit)
        }
    }

    @Test func aSmallResponseIsOneBatchAndNothingIsNone() {
        let events = (0..<3).map { Self.event($0, bodyBytes: 10) }
        #expect(BatchSplitter.split(events) == [events])
        #expect(BatchSplitter.split([]).isEmpty)
    }

    @Test func maximalMatrixEventsSplitUnderTheRealLimit() {
        // 200 events of 64 KiB each are ~13 MB: more than one 8 MiB frame.
        let events = (0..<200).map { Self.event($0, bodyBytes: 65_536) }
        let batches = BatchSplitter.split(events)
        #expect(batches.count == 2)
        #expect(
            batches.allSatisfy { SupervisorLink.payloadSize(of: .batch(id: 1, events: $0)) <= WorkerLink.maxFrameBytes }
        )
    }

    @Test func backoffGrowsCapsJittersAndResets() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        let delays = (0..<8).map { _ in backoff.next() }
        #expect(delays[0] >= .milliseconds(50) && delays[0] <= .milliseconds(100))
        #expect(delays[3] >= .milliseconds(400) && delays[3] <= .milliseconds(800))
        #expect(delays[7] >= .milliseconds(500) && delays[7] <= .seconds(1))
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(100))
    }
}
