/// The queue's versioned schema (GRDB `DatabaseMigrator`); docs/QUEUE.md explains every column.
import GRDB
import MatrixCrypto

extension QueueStore {
    /// Migrations in order; a released one is never edited, a change is a new migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (
                        name TEXT PRIMARY KEY NOT NULL,
                        value NOT NULL
                    );
                    CREATE TABLE inbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_id TEXT NOT NULL UNIQUE,
                        room_id TEXT NOT NULL,
                        content BLOB,
                        received_at INTEGER NOT NULL
                    );
                    CREATE TABLE jobs (
                        job_id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL CHECK (kind IN ('receipt', 'done')),
                        seq INTEGER NOT NULL REFERENCES inbox(seq),
                        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'completed')),
                        created_at INTEGER NOT NULL,
                        completed_at INTEGER,
                        UNIQUE (kind, seq)
                    );
                    CREATE INDEX jobs_pending ON jobs(job_id) WHERE state = 'pending';
                    CREATE TABLE outbox (
                        row_id INTEGER PRIMARY KEY AUTOINCREMENT,
                        request_id TEXT NOT NULL UNIQUE CHECK (length(request_id) BETWEEN 1 AND 128),
                        kind TEXT NOT NULL CHECK (kind IN ('send', 'react')),
                        room_id TEXT NOT NULL,
                        payload BLOB NOT NULL,
                        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
                        event_ids TEXT,
                        error_code TEXT,
                        error_message TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        not_before INTEGER,
                        accepted_at INTEGER NOT NULL,
                        finished_at INTEGER
                    );
                    CREATE INDEX outbox_pending ON outbox(room_id, row_id) WHERE state = 'pending';
                    CREATE INDEX outbox_finished ON outbox(finished_at) WHERE state <> 'pending';
                    CREATE TABLE secrets (
                        name TEXT PRIMARY KEY NOT NULL,
                        value BLOB NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    """)
            let salt = Primitives.randomBytes(16).map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined()
            try db.execute(
                sql: "INSERT INTO meta (name, value) VALUES ('txn_salt', ?), ('last_acked_seq', 0)",
                arguments: [salt])
        }
        return migrator
    }
}
