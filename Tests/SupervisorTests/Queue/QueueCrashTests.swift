/// A writer killed with SIGKILL in the middle of an inbox batch or right after its commit: the batch is
/// all out or all in, and the store recovers the WAL and the write lock at once (no "database is locked").
import Foundation
import GRDB
import Shared
@testable import Supervisor
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Queue crash")
struct QueueCrashTests {
    /// The killed writer: the inbox's INSERT, a batch in one transaction, the store's pragmas, a tiny page
    /// cache so that the uncommitted batch spills into the WAL file before the kill. It cannot go through
    /// `QueueStore` itself (a Swift process would have to be a second executable importing the Supervisor
    /// executable), so it is Python's sqlite3 on the same file; `appendBatch` uses the same single
    /// transaction, and `invalidMessageInsideBatchRollsBackTheWholeBatch` shows its boundary.
    private static let writer = """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1], isolation_level=None)
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA cache_size = -16")
        db.execute("BEGIN IMMEDIATE")
        for i in range(int(sys.argv[2])):
            db.execute("INSERT INTO inbox (event_id, room_id, content, received_at) VALUES (?, '!r', randomblob(4096), 0)",
                       ("$killed-%d" % i,))
        if sys.argv[3] == "commit":
            db.execute("COMMIT")
        print("inserted", flush=True)
        sys.stdin.read()
        """

    @Test(arguments: [false, true])
    func writerKilledDuringOrAfterABatchLeavesItAllOutOrAllIn(committedBeforeKill: Bool) async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let committed = try store.appendBatch([sampleMessage("before-1"), sampleMessage("before-2")])
            let database = dir.file(QueueStore.databaseFileName).path
            let walBefore = try Self.size(database + "-wal")

            let child = Process()
            let input = Pipe()
            let output = Pipe()
            child.executableURL = RepoPaths.python
            child.arguments = ["-c", Self.writer, database, "400", committedBeforeKill ? "commit" : "hold"]
            child.standardInput = input
            child.standardOutput = output
            try child.run()
            #expect(await Self.firstLine(of: output.fileHandleForReading) == "inserted")
            // The batch's pages are on disk (in the WAL) when the writer dies, committed or not.
            #expect(try Self.size(database + "-wal") > walBefore + 400 * 4096)
            kill(child.processIdentifier, SIGKILL)
            await child.exitStatus()
            #expect(child.terminationReason == .uncaughtSignal)
            #expect(child.terminationStatus == SIGKILL)

            // The same open store writes at once: the dead writer's lock is gone.
            let after = try store.appendBatch([sampleMessage("after")])
            #expect(after[0].isNew)
            #expect(after[0].seq > committed[1].seq)
            let reopened = try dir.open()
            let stored = try await reopened.database.read { db in
                try String.fetchAll(db, sql: "SELECT event_id FROM inbox ORDER BY seq")
            }
            let killedBatch = committedBeforeKill ? (0..<400).map { "$killed-\($0)" } : []
            #expect(stored == ["$before-1", "$before-2"] + killedBatch + ["$after"])
            if !committedBeforeKill {
                let events = try reopened.messages(after: 0, limit: 1000).map(\.message.eventID)
                #expect(events == ["$before-1", "$before-2", "$after"])
            }
        }
    }

    /// The first line the child writes (without the newline), or what it wrote before closing its stdout;
    /// the blocking reads happen off the cooperative pool.
    private static func firstLine(of handle: FileHandle) async -> String {
        let handle = UncheckedSendable(handle)
        let bytes =
            (try? await offCooperativePool {
                var bytes = Data()
                while !bytes.contains(0x0A) {
                    let chunk = handle.value.availableData
                    if chunk.isEmpty { break }
                    bytes += chunk
                }
                return bytes
            }) ?? Data()
        return String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
    }

    private static func size(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }
}
