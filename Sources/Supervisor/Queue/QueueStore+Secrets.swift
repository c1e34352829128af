/// Named secrets (session tokens of later work), sealed under the store key like message content.
import Foundation
import GRDB

extension QueueStore {
    /// Stores `value` under `name`, replacing what was there; durable when it returns.
    func setSecret(name: String, value: Data, now: Date = Date()) throws {
        let sealed = try key.seal(value, table: "secrets", row: name)
        try database.write { db in
            try db.cachedStatement(
                sql: """
                    INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """
            ).execute(arguments: [name, sealed, Self.milliseconds(now)])
        }
    }

    /// The secret stored under `name`, or nil; a value that does not open is ``QueueError/tampered(table:row:)``.
    func secret(name: String) throws -> Data? {
        let sealed = try database.unsafeRead { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT value FROM secrets WHERE name = ?"), arguments: [name])
        }
        return try sealed.map { try key.open($0, table: "secrets", row: name) }
    }

    /// Forgets the secret `name`; returns whether there was one.
    @discardableResult
    func removeSecret(name: String) throws -> Bool {
        try database.write { db in
            try db.cachedStatement(sql: "DELETE FROM secrets WHERE name = ?").execute(arguments: [name])
            return db.changesCount == 1
        }
    }
}
