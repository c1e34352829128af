/// The inbox: unique event ids, seq monotonic across reopen, atomic batches, ack and redelivery, jobs.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite("Queue inbox")
struct QueueInboxTests {
    @Test func batchAssignsIncreasingSeqsAndDropsRepeatsInsideIt() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let outcomes = try store.appendBatch([sampleMessage("a"), sampleMessage("b"), sampleMessage("a")])
            #expect(outcomes.map(\.isNew) == [true, true, false])
            #expect(outcomes[0].seq > 0)
            #expect(outcomes[1].seq > outcomes[0].seq)
            #expect(outcomes[2].seq == outcomes[0].seq)
            let stored = try store.messages(after: 0, limit: 10)
            #expect(stored.map(\.message) == [sampleMessage("a"), sampleMessage("b")])
        }
    }

    @Test func replayedBatchAfterReopenAssignsNothingNewAndSeqKeepsRising() async throws {
        try await withQueueDirectory { dir in
            var store = try dir.open()
            let first = try store.appendBatch(["a", "b", "c"].map { sampleMessage($0) })
            // The worker crashed before committing its sync position: after a restart it replays the batch.
            store = try dir.open()
            let replay = try store.appendBatch(["b", "c", "d"].map { sampleMessage($0) })
            #expect(replay.map(\.isNew) == [false, false, true])
            #expect(replay[0].seq == first[1].seq)
            #expect(replay[1].seq == first[2].seq)
            #expect(replay[2].seq > first[2].seq)
            store = try dir.open()
            let all = try store.messages(after: 0, limit: 100)
            #expect(all.map(\.message.eventID) == ["$a", "$b", "$c", "$d"])
            #expect(all.map(\.seq) == first.map(\.seq) + [replay[2].seq])
            #expect(try store.highestSeq() == replay[2].seq)
        }
    }

    @Test func invalidMessageInsideBatchRollsBackTheWholeBatch() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            _ = try store.appendBatch([sampleMessage("before")])
            var bad = sampleMessage("bad")
            bad.eventID = ""
            // The third message fails after the first two were inserted in the same transaction.
            await #expect(throws: QueueError.invalidMessage(index: 2, reason: "event_id must have 1 to 255 bytes")) {
                try store.appendBatch([sampleMessage("x"), sampleMessage("y"), bad])
            }
            let reopened = try dir.open()
            #expect(try reopened.messages(after: 0, limit: 10).map(\.message.eventID) == ["$before"])
            let retry = try reopened.appendBatch([sampleMessage("x"), sampleMessage("y")])
            #expect(retry.map(\.isNew) == [true, true])
        }
    }

    @Test func ackIsCumulativeMonotonicPersistedAndBounded() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let seqs = try store.appendBatch((1...5).map { sampleMessage("m\($0)") }).map(\.seq)
            #expect(try store.lastAckedSeq() == 0)
            #expect(try store.ack(upTo: seqs[2]) == 3)
            #expect(try store.ack(upTo: seqs[1]) == 0)
            #expect(try store.ack(upTo: seqs[2]) == 0)
            #expect(try store.lastAckedSeq() == seqs[2])
            await #expect(throws: QueueError.ackBeyondLast(seq: seqs[4] + 1, highest: seqs[4])) {
                try store.ack(upTo: seqs[4] + 1)
            }
            #expect(try store.lastAckedSeq() == seqs[2])
            let reopened = try dir.open()
            #expect(try reopened.lastAckedSeq() == seqs[2])
            #expect(try reopened.ack(upTo: seqs[4]) == 2)
            let receipts = try reopened.pendingJobs()
            #expect(receipts.map(\.kind) == Array(repeating: .receipt, count: 5))
            #expect(receipts.map(\.seq) == seqs)
            #expect(receipts.map(\.eventID) == (1...5).map { "$m\($0)" })
        }
    }

    @Test func ackWithoutReceiptJobsQueuesNone() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let seqs = try store.appendBatch([sampleMessage("q1"), sampleMessage("q2")]).map(\.seq)
            #expect(try store.ack(upTo: seqs[1], receiptJobs: false) == 2)
            #expect(try store.lastAckedSeq() == seqs[1])
            #expect(try store.pendingJobs().isEmpty)
        }
    }

    @Test func sealedContentUsesTheProtocolFieldNames() throws {
        let json = try JSONEncoder().encode(sampleMessage("wire"))
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "event_id", "room_id", "sender", "sender_name", "body", "formatted_body", "msgtype", "ts",
                "encrypted", "reply_to", "thread_root",
            ])
        #expect(try JSONDecoder().decode(InboundEvent.self, from: json) == sampleMessage("wire"))
    }

    @Test func redeliveryAfterReopenStartsAboveTheLastAckInOrder() async throws {
        try await withQueueDirectory { dir in
            let originals = (1...5).map { sampleMessage("r\($0)", body: "body \($0) ✓") }
            let seqs = try dir.open().appendBatch(originals).map(\.seq)
            try dir.open().ack(upTo: seqs[1])
            let store = try dir.open()
            let last = try store.lastAckedSeq()
            let redelivered = try store.messages(after: last, limit: 100)
            #expect(redelivered.map(\.seq) == Array(seqs[2...]))
            #expect(redelivered.map(\.message) == Array(originals[2...]))
            let window = try store.messages(after: last, limit: 2)
            #expect(window.map(\.seq) == Array(seqs[2...3]))
        }
    }

    @Test func sideEffectJobsAreDoneExactlyOnceAcrossReopen() async throws {
        try await withQueueDirectory { dir in
            var store = try dir.open()
            let seq = try store.appendBatch([sampleMessage("job")])[0].seq
            try store.ack(upTo: seq)
            #expect(try store.markDone(eventID: "$job"))
            #expect(try store.markDone(eventID: "$job") == false)
            #expect(throws: QueueError.unknownEvent(eventID: "$nope")) {
                try store.markDone(eventID: "$nope")
            }
            let jobs = try store.pendingJobs()
            #expect(jobs.map(\.kind) == [.receipt, .done])
            #expect(jobs.allSatisfy { $0.eventID == "$job" && $0.roomID == "!room:example.org" && $0.seq == seq })
            #expect(try store.completeJob(id: jobs[0].id))

            store = try dir.open()
            try store.ack(upTo: seq)
            let remaining = try store.pendingJobs()
            #expect(remaining == [jobs[1]])
            #expect(try store.completeJob(id: jobs[0].id) == false)
            #expect(try store.completeJob(id: jobs[1].id))
            #expect(try store.pendingJobs().isEmpty)
            #expect(try store.markDone(eventID: "$job") == false)
            #expect(throws: QueueError.unknownJob(jobID: 999)) { try store.completeJob(id: 999) }
        }
    }
}
