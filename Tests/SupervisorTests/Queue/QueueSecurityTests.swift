/// The queue at rest: file modes, the store key's checks, sealed content, tampering, secrets.
import Foundation
import GRDB
import Shared
@testable import Supervisor
import Testing

@Suite("Queue security at rest")
struct QueueSecurityTests {
    private func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func directoryIs0700AndEveryFileIs0600() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            _ = try store.appendBatch([sampleMessage("p")])
            #expect(try mode(dir.state) == 0o700)
            for name in ["queue.sqlite", "queue.sqlite-wal", "queue.sqlite-shm", "store.key"] {
                #expect(try mode(dir.file(name)) == 0o600, "\(name)")
            }
            #expect(try Data(contentsOf: dir.file("store.key")).count == 32)
        }
    }

    @Test func databaseIsWALWithFullSyncBusyTimeoutBoundedCacheAndVersionedSchema() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let (journal, synchronous, busy, cache) = try await store.database.write { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                    try Int.fetchOne(db, sql: "PRAGMA busy_timeout"),
                    try Int.fetchOne(db, sql: "PRAGMA cache_size")
                )
            }
            #expect(journal == "wal")
            #expect(synchronous == 2)  // FULL
            #expect(busy == 5000)
            #expect(cache == -QueueStore.pageCacheKiB)  // negative: KiB, not pages
            #expect(try await store.database.read { db in try QueueStore.migrator.appliedMigrations(db) } == ["v1"])
        }
    }

    @Test func stateDirectoryOpenToOthersIsRefused() async throws {
        try await withQueueDirectory { dir in
            try FileManager.default.createDirectory(
                at: dir.state, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
            #expect(throws: QueueError.permissionsTooOpen(path: dir.state.path, mode: 0o755, expected: 0o700)) {
                try dir.open()
            }
        }
    }

    @Test func storeKeyWithWiderPermissionsWrongLengthOrSymlinkIsRefused() async throws {
        try await withQueueDirectory { dir in
            _ = try dir.open()
            let key = dir.file("store.key")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key.path)
            #expect(throws: QueueError.permissionsTooOpen(path: key.path, mode: 0o644, expected: 0o600)) {
                try dir.open()
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
            try Data(repeating: 7, count: 16).write(to: key)
            #expect(throws: QueueError.badStoreKey(path: key.path, length: 16)) { try dir.open() }
            try FileManager.default.removeItem(at: key)
            let elsewhere = dir.root.appendingPathComponent("elsewhere.key")
            try Data(repeating: 7, count: 32).write(to: elsewhere)
            try FileManager.default.createSymbolicLink(at: key, withDestinationURL: elsewhere)
            #expect(throws: QueueError.wrongFileType(path: key.path, expected: "a regular file")) { try dir.open() }
        }
    }

    @Test func contentIsSealedOnDiskAndReadsBack() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            let body = "zebra-quokka-7731 the distinctive body"
            let payload = Data(#"{"body":"narwhal-ibex-5519 outbound"}"#.utf8)
            let token = Data("syt_walrus-okapi-3307_token".utf8)
            _ = try store.appendBatch([sampleMessage("visible-event-id", body: body)])
            _ = try store.enqueue(id: "visible-request-id", kind: .send, roomID: "!r", payload: payload)
            try store.setSecret(name: "access_token", value: token)

            #expect(try store.messages(after: 0, limit: 1).first?.message.body == body)
            #expect(try store.pending().first?.payload == payload)
            #expect(try store.secret(name: "access_token") == token)

            var raw = Data()
            for name in ["queue.sqlite", "queue.sqlite-wal"] {
                raw += try Data(contentsOf: dir.file(name))
            }
            // Identifiers stay plain (the search works), content does not.
            #expect(raw.range(of: Data("visible-event-id".utf8)) != nil)
            #expect(raw.range(of: Data("visible-request-id".utf8)) != nil)
            for secret in ["zebra-quokka-7731", "narwhal-ibex-5519", "walrus-okapi-3307", "Alice"] {
                #expect(raw.range(of: Data(secret.utf8)) == nil, "\(secret) found in the raw files")
            }
        }
    }

    @Test func tamperedOrMovedSealedValuesAreTypedErrors() async throws {
        try await withQueueDirectory { dir in
            let store = try dir.open()
            _ = try store.appendBatch([sampleMessage("t1"), sampleMessage("t2")])
            _ = try store.enqueue(id: "o1", kind: .send, roomID: "!r", payload: Data("one".utf8))
            _ = try store.enqueue(id: "o2", kind: .send, roomID: "!r", payload: Data("two".utf8))
            try store.setSecret(name: "s", value: Data("secret".utf8))
            try await store.database.write { db in
                // Flip one byte of a message, move a payload to another row, truncate a secret.
                var content = try #require(
                    try Data.fetchOne(db, sql: "SELECT content FROM inbox WHERE event_id = '$t2'"))
                content[content.startIndex + 30] ^= 0x01
                try db.execute(sql: "UPDATE inbox SET content = ? WHERE event_id = '$t2'", arguments: [content])
                try db.execute(
                    sql:
                        "UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE request_id = 'o1') WHERE request_id = 'o2'"
                )
                try db.execute(sql: "UPDATE secrets SET value = substr(value, 1, 20)")
            }
            #expect(try store.messages(after: 0, limit: 1).map(\.message.eventID) == ["$t1"])
            await #expect(throws: QueueError.tampered(table: "inbox", row: "$t2")) {
                try store.messages(after: 0, limit: 10)
            }
            await #expect(throws: QueueError.tampered(table: "outbox", row: "o2")) { try store.pending() }
            await #expect(throws: QueueError.tampered(table: "secrets", row: "s")) { try store.secret(name: "s") }
        }
    }

    @Test func aMissingOrReplacedStoreKeyIsRefusedNotSilentlyReplaced() async throws {
        try await withQueueDirectory { dir in
            _ = try dir.open().appendBatch([sampleMessage("k")])
            let key = dir.file("store.key")
            try FileManager.default.removeItem(at: key)
            #expect(throws: QueueError.missingStoreKey(path: key.path)) { try dir.open() }
            #expect(!FileManager.default.fileExists(atPath: key.path))
            // Another valid key opens the store, but its content fails authentication instead of reading as garbage.
            try Data(repeating: 9, count: 32).write(to: key)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
            let store = try dir.open()
            await #expect(throws: QueueError.tampered(table: "inbox", row: "$k")) {
                try store.messages(after: 0, limit: 10)
            }
        }
    }

    @Test func secretsRoundTripReplaceAndRemoveAcrossReopen() async throws {
        try await withQueueDirectory { dir in
            try dir.open().setSecret(name: "refresh_token", value: Data("r1".utf8))
            var store = try dir.open()
            #expect(try store.secret(name: "refresh_token") == Data("r1".utf8))
            try store.setSecret(name: "refresh_token", value: Data("r2".utf8))
            store = try dir.open()
            #expect(try store.secret(name: "refresh_token") == Data("r2".utf8))
            #expect(try store.secret(name: "missing") == nil)
            #expect(try store.removeSecret(name: "refresh_token"))
            #expect(try store.removeSecret(name: "refresh_token") == false)
            #expect(try dir.open().secret(name: "refresh_token") == nil)
        }
    }
}
