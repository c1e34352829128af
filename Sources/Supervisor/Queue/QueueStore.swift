/// The supervisor's durable queue: inbox (seq), outbox (idempotent agent requests), side-effect jobs, secrets.
import Foundation
import GRDB

/// The durable queue in `<state_dir>/queue.sqlite` (GRDB `DatabaseQueue`, WAL, `synchronous=FULL`).
///
/// Sendable: every stored property is immutable and Sendable; GRDB's queue serializes every access on
/// its one connection, so any task may call any method. The methods are synchronous: the daemon's actor
/// calls them directly, without a hop to GRDB's dispatch queue and back per call (that hop, and a
/// pool's reader connections with a transaction per read, were a large share of the daemon's CPU per message).
/// Reads use `unsafeRead` (no transaction): the one connection is serialized and this process is the
/// only writer, so a read's statements see one state of the database.
/// Every method that changes state returns only after its transaction is committed and fsynced.
/// Message bodies, request payloads and secrets are sealed with ``StoreKey``; identifiers stay plain.
final class QueueStore: Sendable {
    /// The database file's name inside the state directory.
    static let databaseFileName = "queue.sqlite"
    /// How long recorded outcomes are kept by default (PROTOCOL.md idempotency window): 7 days.
    static let defaultOutcomeRetentionHours = 168

    /// The database; internal so that tests can look at the raw rows.
    let database: DatabaseQueue
    /// The at-rest key.
    let key: StoreKey
    /// The random per-store salt of every transaction id, created once with the schema.
    let transactionSalt: String
    /// How long sent/failed outcomes (and acked message bodies) are kept before ``pruneOutcomes(now:)`` drops them.
    let outcomeRetentionHours: Int

    /// Opens the store in `stateDirectory`, creating the directory (0700), `store.key` and
    /// `queue.sqlite` (0600) when missing and migrating the schema.
    ///
    /// Refuses (``QueueError``) a directory or file that group or others can access, that another user
    /// owns, or a key file that is not 32 bytes.
    init(stateDirectory: URL, outcomeRetentionHours: Int = QueueStore.defaultOutcomeRetentionHours) throws {
        try PrivateFiles.prepareDirectory(stateDirectory)
        let path = stateDirectory.appendingPathComponent(Self.databaseFileName).path
        key = try StoreKey.loadOrCreate(in: stateDirectory, mayCreate: !Self.holdsData(path))
        // SQLite gives the -wal and -shm files the mode of the database file, so 0600 covers all three.
        try PrivateFiles.createFile(path, contents: [])
        try PrivateFiles.check(path, isDirectory: false, allowedMode: PrivateFiles.fileMode)
        for suffix in ["-wal", "-shm"] {
            try PrivateFiles.check(
                path + suffix, isDirectory: false, allowedMode: PrivateFiles.fileMode, mustExist: false)
        }
        database = try DatabaseQueue(path: path, configuration: Self.configuration)
        // After GRDB's own WAL set-up, which chooses NORMAL: a commit in WAL with NORMAL may be lost on
        // power failure, and "accepted" must mean kept. The queue has one connection for its lifetime.
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try Self.migrator.migrate(database)
        transactionSalt =
            try database.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'txn_salt'")
            } ?? ""
        guard !transactionSalt.isEmpty else { throw QueueError.corruptContent(table: "meta", row: "txn_salt") }
        self.outcomeRetentionHours = outcomeRetentionHours
    }

    /// Whether a database file with content (in the file or its WAL) is at `path`.
    private static func holdsData(_ path: String) -> Bool {
        [path, path + "-wal"].contains { file in
            ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? Int ?? 0) > 0
        }
    }

    /// WAL (`synchronous=FULL` is set after opening) and a 5 s busy timeout, so that another process
    /// briefly holding the lock (a `doctor`) is waited for, not an error. One connection: the daemon is
    /// one actor, its accesses never overlap.
    private static var configuration: Configuration {
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = \(-pageCacheKiB)") }
        return config
    }

    /// The most page cache (KiB) the connection keeps. SQLite's default, 2 MiB, filled up during a
    /// backlog and stayed: 0.9 MB more resident after 600 queued messages. Each message touches a few
    /// pages at the right edge of the tables and indexes; the rest is read from the OS cache when needed.
    static let pageCacheKiB = 256

    /// Milliseconds since 1970 for the integer time columns.
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// The instant of a time column.
    static func date(milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// The Matrix transaction id of outbox row `rowID` (letters, digits and `-`: a safe URL path segment).
    func transactionID(outboxRow rowID: Int64) -> String { "prx-\(transactionSalt)-o\(rowID)" }

    /// The Matrix transaction id of side-effect job `jobID`.
    func transactionID(job jobID: Int64) -> String { "prx-\(transactionSalt)-j\(jobID)" }
}
