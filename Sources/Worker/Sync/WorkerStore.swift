/// The worker's store (GRDB, mode 0600): the sync position and room cursors, sealed with the store key.
import Foundation
import GRDB
import MatrixCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// The worker's durable state in `store_path`: one SQLite file, one writer (this process).
///
/// - Bound to one (user id, device id) on creation; opening it for another is refused
///   (``WorkerStoreError/boundToOtherDevice(path:stored:current:)``), because the crypto state that will
///   live here belongs to one device.
/// - Values are sealed with ``Primitives/seal(key:plaintext:associatedData:)`` (XChaCha20-Poly1305, the
///   name and the device as associated data, so a value cannot be moved to another row or store).
/// - ``commit(_:)`` writes the whole position in one transaction: after a crash the old or the new
///   position is there, never a mix.
///
/// Sendable: the stored properties are immutable; GRDB's `DatabaseQueue` serializes all access.
final class WorkerStore: Sendable {
    /// The file.
    let path: String
    /// When the store was created (ms since 1970): the first sync delivers nothing older.
    let createdAtMS: Int64
    private let queue: DatabaseQueue
    private let key: [UInt8]
    private let binding: String

    /// Opens or creates the store at `path` for `userID`/`deviceID`, sealing with `key` (32 bytes).
    init(path: String, key: [UInt8], userID: String, deviceID: String, now: Date = Date()) throws(WorkerStoreError) {
        self.path = path
        self.key = key
        binding = "\(userID) device \(deviceID)"
        try Self.preparePrivateFile(path)
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            // WAL with GRDB's synchronous=NORMAL: a commit is an append to the -wal file, fsynced at
            // checkpoints (the rollback journal took a create, four fsyncs and an unlink per commit).
            // Enough for the sync position: a process crash loses nothing, and a power failure can only
            // take the position back to an earlier one, whose events the supervisor's inbox (unique by
            // event id) stores once. State that must survive a power failure (E2EE sessions, before
            // anything encrypted with them is sent) needs `PRAGMA synchronous = FULL` for its commits.
            configuration.journalMode = .wal
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(queue)
            let binding = self.binding
            let nowMS = Int64((now.timeIntervalSince1970 * 1000).rounded())
            let (stored, created) = try queue.write { db -> (String, Int64) in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO meta (name, value) VALUES ('binding', ?), ('created_ms', ?)",
                    arguments: [binding, String(nowMS)])
                let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'binding'") ?? binding
                let created = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'created_ms'")
                return (stored, created.flatMap { Int64($0) } ?? nowMS)
            }
            guard stored == binding else {
                throw WorkerStoreError.boundToOtherDevice(path: path, stored: stored, current: binding)
            }
            createdAtMS = created
        } catch let error as WorkerStoreError {
            throw error
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
    }

    /// The committed position (empty on a new store).
    func position() throws(WorkerStoreError) -> SyncPosition {
        let rows: [(String, Data)]
        do {
            rows = try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT name, value FROM sealed").map { ($0["name"], $0["value"]) }
            }
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
        var position = SyncPosition()
        for (name, value) in rows {
            let plain = try open(value, name: name)
            if name == "since" {
                position.since = String(decoding: plain, as: UTF8.self)
            } else if name.hasPrefix("cursor:") {
                guard let cursor = try? JSONDecoder().decode(RoomCursor.self, from: Data(plain)) else {
                    throw .unreadable(path: path, item: name)
                }
                position.cursors[String(name.dropFirst("cursor:".count))] = cursor
            }
        }
        return position
    }

    /// Replaces the stored position with `position`, in one transaction.
    func commit(_ position: SyncPosition) throws(WorkerStoreError) {
        var values: [(String, Data)] = []
        do {
            if let since = position.since { values.append(("since", Data(try seal(Array(since.utf8), name: "since")))) }
            for (room, cursor) in position.cursors {
                let name = "cursor:\(room)"
                values.append((name, Data(try seal(Array(try JSONEncoder().encode(cursor)), name: name))))
            }
            try queue.write { db in
                try db.execute(sql: "DELETE FROM sealed")
                for (name, value) in values {
                    try db.execute(sql: "INSERT INTO sealed (name, value) VALUES (?, ?)", arguments: [name, value])
                }
            }
        } catch let error as WorkerStoreError {
            throw error
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
    }

    private func seal(_ plaintext: [UInt8], name: String) throws(WorkerStoreError) -> [UInt8] {
        do {
            return try Primitives.seal(key: key, plaintext: plaintext, associatedData: Array(associatedData(name).utf8))
        } catch {
            throw .database(path: path, reason: "cannot seal \(name): \(error) (the store key must be 32 bytes)")
        }
    }

    private func open(_ sealed: Data, name: String) throws(WorkerStoreError) -> [UInt8] {
        do {
            return try Primitives.open(
                key: key, sealed: Array(sealed), associatedData: Array(associatedData(name).utf8))
        } catch {
            throw .unreadable(path: path, item: name)
        }
    }

    private func associatedData(_ name: String) -> String { "prx-matrix-worker store v1|\(binding)|\(name)" }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
            try db.execute(sql: "CREATE TABLE sealed (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL)")
        }
        return migrator
    }

    /// Creates the directory (0700) and the file (0600) when missing; refuses an existing file that is
    /// not a regular file of ours or that others may read. SQLite gives its journal the file's mode.
    private static func preparePrivateFile(_ path: String) throws(WorkerStoreError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotCreateDirectory(path: directory, reason: "\(error)")
            }
        }
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard fd >= 0 else { throw .fileSystem(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .fileSystem(path: path, operation: "fstat", errno: errno) }
        guard UInt32(st.st_mode) & UInt32(S_IFMT) == UInt32(S_IFREG) else {
            throw .notPrivate(path: path, detail: "not a regular file")
        }
        guard st.st_uid == geteuid() else { throw .notPrivate(path: path, detail: "owned by uid \(st.st_uid)") }
        let mode = UInt32(st.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw .notPrivate(path: path, detail: "mode \(String(mode, radix: 8))") }
    }
}
