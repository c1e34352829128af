/// The outbox: idempotent agent ids across reopen, per-room order, retries, transaction ids, pruning.
import Foundation
import GRDB
@testable import Supervisor
import Testing

@Suite("Queue outbox")
struct QueueOutboxTests {
    private func payload(_ text: String) -> Data { Data(#"{"type":"send","body":"\#(text)"}"#.utf8) }

    @Test func repeatedIdsAnswerTheirRecordedOutcomeAcrossReopen() async throws {
        try await withQueueDirectory { dir in
            var store = try dir.open()
            guard case .accepted(let a) = try store.enqueue(id: "a", kind: .send, roomID: "!r", payload: payload("a")),
                case .accepted(let b) = try store.enqueue(id: "b", kind: .react, roomID: "!r", payload: payload("b")),
                case .accepted(let c) = try store.enqueue(id: "c", kind: .send, roomID: "!r", payload: payload("c"))
            else { Issue.record("new ids must be accepted"); return }
            #expect(a < b && b < c)
            #expect(try store.enqueue(id: "a", kind: .send, roomID: "!r", payload: payload("x")) == .pending(rowID: a))
            #expect(try store.markSent(rowID: a, eventIDs: ["$1", "$2"]) == "a")
            #expect(try store.markFailed(rowID: b, code: "M_FORBIDDEN", message: "not in room") == "b")

            store = try dir.open()
            #expect(
                try store.enqueue(id: "a", kind: .send, roomID: "!r", payload: payload("a"))
                    == .sent(eventIDs: ["$1", "$2"]))
            #expect(
                try store.enqueue(id: "b", kind: .react, roomID: "!r", payload: payload("b"))
                    == .failed(code: "M_FORBIDDEN", message: "not in room"))
            #expect(try store.enqueue(id: "c", kind: .send, roomID: "!r", payload: payload("c")) == .pending(rowID: c))
            let pending = try store.pending()
            #expect(pending.map(\.requestID) == ["c"])
            #expect(pending.first?.payload == payload("c"))
            #expect(pending.first?.kind == .send)
            let rows = try await store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") }
            #expect(rows == 3)
        }
    }

    @Test func requestIdsMustHaveOneTo128Characters() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            #expect(throws: QueueError.invalidRequestID(length: 0)) {
                try store.enqueue(id: "", kind: .send, roomID: "!r", payload: Data())
            }
            #expect(throws: QueueError.invalidRequestID(length: 129)) {
                try store.enqueue(id: String(repeating: "x", count: 129), kind: .send, roomID: "!r", payload: Data())
            }
            let longest = String(repeating: "é", count: 128)
            #expect(try store.enqueue(id: longest, kind: .send, roomID: "!r", payload: Data()) == .accepted(rowID: 1))
            #expect(try store.enqueue(id: longest, kind: .send, roomID: "!r", payload: Data()) == .pending(rowID: 1))
        }
    }

    @Test func roomsAreSentInAcceptedOrderAndIndependently() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var rows: [String: Int64] = [:]
            for (id, room) in [("a", "!one"), ("b", "!two"), ("c", "!one"), ("d", "!two"), ("e", "!one")] {
                guard
                    case .accepted(let row) = try store.enqueue(id: id, kind: .send, roomID: room, payload: payload(id))
                else { Issue.record("\(id) not accepted"); return }
                rows[id] = row
            }
            #expect(try store.nextPending(now: now).map(\.requestID) == ["a", "b"])
            #expect(try store.nextPending(perRoom: 2, now: now).map(\.requestID) == ["a", "b", "c", "d"])
            try store.markSent(rowID: try #require(rows["a"]), eventIDs: ["$a"])
            #expect(try store.nextPending(now: now).map(\.requestID) == ["b", "c"])

            // Room two is rate limited: its later request must not overtake, room one carries on.
            try store.markRetry(rowID: try #require(rows["b"]), notBefore: now.addingTimeInterval(30))
            #expect(try store.nextPending(perRoom: 3, now: now).map(\.requestID) == ["c", "e"])
            let later = try store.nextPending(perRoom: 3, now: now.addingTimeInterval(31))
            #expect(later.map(\.requestID) == ["b", "c", "d", "e"])
            #expect(later.first?.attempts == 1)
            #expect(later.first?.notBefore == now.addingTimeInterval(30))
            #expect(try dir.open().pending().map(\.requestID) == ["b", "c", "d", "e"])
        }
    }

    @Test func outcomesAreRecordedOnceAndOnlyForKnownRows() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            guard case .accepted(let row) = try store.enqueue(id: "x", kind: .send, roomID: "!r", payload: Data())
            else { Issue.record("x not accepted"); return }
            try store.markSent(rowID: row, eventIDs: ["$x"])
            await #expect(throws: QueueError.outboxRowNotPending(rowID: row, state: "sent")) {
                try store.markFailed(rowID: row, code: "M_UNKNOWN", message: "late")
            }
            await #expect(throws: QueueError.outboxRowNotPending(rowID: row, state: "sent")) {
                try store.markRetry(rowID: row, notBefore: Date())
            }
            #expect(throws: QueueError.unknownOutboxRow(rowID: 42)) {
                try store.markSent(rowID: 42, eventIDs: [])
            }
            #expect(try store.enqueue(id: "x", kind: .send, roomID: "!r", payload: Data()) == .sent(eventIDs: ["$x"]))
        }
    }

    @Test func nextPendingSeeksEachRoomsFirstRowsAndNeverScansTheOutbox() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            for index in 0..<300 {
                let room = ["!one", "!two", "!three"][index % 3]
                _ = try store.enqueue(id: "r\(index)", kind: .send, roomID: room, payload: payload("r\(index)"))
            }
            #expect(try store.nextPending().map(\.requestID) == ["r0", "r1", "r2"])
            #expect(try store.nextPending(perRoom: 2).map(\.requestID) == ["r0", "r1", "r2", "r3", "r4", "r5"])
            // Its cost must not grow with the backlog: index seeks only, no scan of the table or its index.
            let plan = try store.database.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + QueueStore.nextPendingSQL, arguments: [1])
                    .map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.hasPrefix("SEARCH outbox USING INDEX outbox_pending") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN outbox") || $0.hasPrefix("SCAN o") }, "\(plan)")
        }
    }

    @Test func transactionIdsAreStableAcrossReopenAndUniqueAcrossStores() async throws {
        try await withQueueDirectory { first in
            try await withQueueDirectory { second in
                let one = try first.open()
                let two = try second.open()
                _ = try one.enqueue(id: "same", kind: .send, roomID: "!r", payload: Data())
                _ = try two.enqueue(id: "same", kind: .send, roomID: "!r", payload: Data())
                let txnOne = try #require(try one.pending().first?.transactionID)
                let txnTwo = try #require(try two.pending().first?.transactionID)
                #expect(txnOne != txnTwo)
                #expect(try first.open().pending().first?.transactionID == txnOne)
                let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
                #expect(txnOne.allSatisfy(safe.contains))
                let entry = try #require(try one.pending().first)
                #expect(entry.transactionID(part: 0) == txnOne)
                #expect(entry.transactionID(part: 2) == txnOne + ".2")
                #expect(Set([txnOne, entry.transactionID(part: 1), one.transactionID(job: entry.rowID)]).count == 3)
            }
        }
    }

    @Test func pruningDropsOldOutcomesAndAckedBodiesButNeverPendingWork() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open(retentionHours: 2)
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            var rows: [Int64] = []
            for id in ["sent", "failed", "waiting"] {
                guard
                    case .accepted(let row) = try store.enqueue(
                        id: id, kind: .send, roomID: "!r", payload: Data(), now: t0)
                else { Issue.record("\(id) not accepted"); return }
                rows.append(row)
            }
            try store.markSent(rowID: rows[0], eventIDs: ["$s"], now: t0)
            try store.markFailed(rowID: rows[1], code: "M_TOO_LARGE", message: "too big", now: t0)
            let seqs = try store.appendBatch([sampleMessage("old"), sampleMessage("unacked")], now: t0).map(\.seq)
            try store.ack(upTo: seqs[0])

            #expect(
                try store.pruneOutcomes(now: t0.addingTimeInterval(2 * 3600 - 1))
                    == PruneResult(outcomes: 0, messageBodies: 0))
            #expect(
                try store.enqueue(id: "sent", kind: .send, roomID: "!r", payload: Data()) == .sent(eventIDs: ["$s"]))

            let reopened = try dir.open(retentionHours: 2)
            #expect(
                try reopened.pruneOutcomes(now: t0.addingTimeInterval(2 * 3600 + 1))
                    == PruneResult(outcomes: 2, messageBodies: 1))
            #expect(try reopened.pending().map(\.requestID) == ["waiting"])
            #expect(
                try reopened.enqueue(id: "waiting", kind: .send, roomID: "!r", payload: Data())
                    == .pending(rowID: rows[2]))
            // A pruned id is forgotten: a repeat after the retention window is a new request.
            guard
                case .accepted(let again) = try reopened.enqueue(id: "sent", kind: .send, roomID: "!r", payload: Data())
            else { Issue.record("a pruned id must be new again"); return }
            #expect(again > rows[2])
            // The unacked message keeps its body; the acked one keeps its identity for dedup and `done`.
            #expect(try reopened.messages(after: 0, limit: 10).map(\.message) == [sampleMessage("unacked")])
            #expect(try reopened.appendBatch([sampleMessage("old")]) == [AppendOutcome(seq: seqs[0], isNew: false)])
            #expect(try reopened.markDone(eventID: "$old"))
        }
    }
}
