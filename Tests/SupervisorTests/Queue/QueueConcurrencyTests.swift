/// Many tasks writing through one store at once: nothing lost, nothing doubled, seqs consistent.
import Foundation
import Shared
@testable import Supervisor
import Testing

@Suite("Queue concurrency")
struct QueueConcurrencyTests {
    private static let tasks = 8
    private static let batchesPerTask = 20
    private static let batchSize = 5

    @Test func concurrentBatchesWithSharedRepeatsLoseAndDoubleNothing() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            // Each batch has four events of its own task and one shared event every task also appends.
            let results = try await withThrowingTaskGroup(of: (Int, [String], [AppendOutcome]).self) { group in
                for task in 0..<Self.tasks {
                    group.addTask {
                        var ids: [String] = []
                        var outcomes: [AppendOutcome] = []
                        for batch in 0..<Self.batchesPerTask {
                            let own = (0..<Self.batchSize - 1).map { "t\(task)-b\(batch)-\($0)" }
                            let batchIDs = own + ["shared-\(batch)"]
                            outcomes += try store.appendBatch(batchIDs.map { sampleMessage($0) })
                            ids += batchIDs
                        }
                        return (task, ids, outcomes)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var seqOf: [String: Int64] = [:]
            var newCount = 0
            for (_, ids, outcomes) in results {
                #expect(ids.count == outcomes.count)
                for (id, outcome) in zip(ids, outcomes) {
                    if let known = seqOf[id] { #expect(known == outcome.seq, "\(id) got two seqs") }
                    seqOf[id] = outcome.seq
                    if outcome.isNew { newCount += 1 }
                }
                // A task's own events get increasing seqs in the order it appended them.
                let ownSeqs = zip(ids, outcomes).filter { !$0.0.hasPrefix("shared") }.map(\.1.seq)
                #expect(ownSeqs == ownSeqs.sorted())
            }
            let expected = Self.tasks * Self.batchesPerTask * (Self.batchSize - 1) + Self.batchesPerTask
            #expect(newCount == expected)
            #expect(Set(seqOf.values).count == expected)

            let stored = try dir.open().messages(after: 0, limit: expected + 10)
            #expect(stored.count == expected)
            #expect(stored.map(\.seq) == stored.map(\.seq).sorted())
            #expect(
                Dictionary(uniqueKeysWithValues: stored.map { (String($0.message.eventID.dropFirst()), $0.seq) })
                    == seqOf)
        }
    }

    @Test func concurrentEnqueuesOfTheSameIdsMakeOneRowEach() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let ids = (0..<40).map { "req-\($0)" }
            let accepted = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<Self.tasks {
                    group.addTask {
                        var mine: [String] = []
                        for id in ids.shuffled() {
                            let result = try store.enqueue(id: id, kind: .send, roomID: "!r", payload: Data(id.utf8))
                            if case .accepted = result { mine.append(id) }
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(accepted.sorted() == ids.sorted())
            let pending = try store.pending()
            #expect(pending.count == ids.count)
            #expect(pending.allSatisfy { $0.payload == Data($0.requestID.utf8) })
            #expect(Set(pending.map(\.transactionID)).count == ids.count)
        }
    }
}
