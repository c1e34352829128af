/// The typed failures of the durable queue: each says what went wrong, where, and what to do.

/// A failure of ``QueueStore``, its state directory or its store key.
enum QueueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The state directory (or a file in it) is readable or writable by group or others.
    case permissionsTooOpen(path: String, mode: UInt32, expected: UInt32)
    /// The path exists but is not what it should be (a directory that is a file, a key that is a symlink…).
    case wrongFileType(path: String, expected: String)
    /// The path belongs to another user than the one running the daemon.
    case wrongOwner(path: String, owner: UInt32, expected: UInt32)
    /// The state directory's parents could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A system call on the path failed.
    case fileSystem(path: String, operation: String, errno: Int32)
    /// The store key file does not hold exactly 32 bytes.
    case badStoreKey(path: String, length: Int)
    /// The database holds data but its store key is gone: its content cannot be read.
    case missingStoreKey(path: String)
    /// A sealed value did not open under the store key: tampered, truncated, moved to another row, or another key.
    case tampered(table: String, row: String)
    /// A sealed value opened but its content is not what this version stored.
    case corruptContent(table: String, row: String)
    /// An inbound message failed validation (inside the batch's transaction, so the batch was not stored).
    case invalidMessage(index: Int, reason: String)
    /// The agent acknowledged a `seq` that was never assigned.
    case ackBeyondLast(seq: Int64, highest: Int64)
    /// `done` for an event id the inbox never stored.
    case unknownEvent(eventID: String)
    /// An agent request id outside 1...128 characters.
    case invalidRequestID(length: Int)
    /// An outbox row id the store does not know (never assigned, or pruned).
    case unknownOutboxRow(rowID: Int64)
    /// An outcome was reported for an outbox row that already has one.
    case outboxRowNotPending(rowID: Int64, state: String)
    /// A side-effect job id the store does not know.
    case unknownJob(jobID: Int64)

    var description: String {
        switch self {
        case .permissionsTooOpen(let path, let mode, let expected):
            return "\(path) has mode \(octal(mode)), which group or others can access; "
                + "run `chmod \(octal(expected)) \(path)` (it holds the daemon's private state)"
        case .wrongFileType(let path, let expected):
            return "\(path) is not \(expected); move it away so the daemon can create it"
        case .wrongOwner(let path, let owner, let expected):
            return "\(path) belongs to uid \(owner), not to the daemon's uid \(expected); "
                + "run the daemon as its owner or `chown` the state directory"
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create \(path) (\(reason)); create it or choose another state_dir"
        case .fileSystem(let path, let operation, let errno):
            return "\(operation) failed on \(path) (errno \(errno)); check the path, the disk and its permissions"
        case .badStoreKey(let path, let length):
            return "\(path) holds \(length) bytes instead of 32: it is not a store key. Restore the original key "
                + "(the queue cannot be read without it) or move the whole state directory away to start empty"
        case .missingStoreKey(let path):
            return "\(path) is missing but the queue database already exists: restore the key from a backup, "
                + "or move the whole state directory away to start with an empty queue"
        case .tampered(let table, let row):
            return "a sealed value in \(table) (\(row)) failed authentication: the database was modified "
                + "outside the daemon or store.key was replaced; restore both from the same backup"
        case .corruptContent(let table, let row):
            return "a sealed value in \(table) (\(row)) opened but does not decode; the store was written "
                + "by an incompatible version"
        case .invalidMessage(let index, let reason):
            return "inbound message \(index) of the batch is invalid (\(reason)); the whole batch was rejected"
        case .ackBeyondLast(let seq, let highest):
            return "ack of seq \(seq) but the highest seq ever assigned is \(highest)"
        case .unknownEvent(let eventID):
            return "done for \(eventID), which the daemon never delivered"
        case .invalidRequestID(let length):
            return "request id of \(length) characters; it must have 1 to 128"
        case .unknownOutboxRow(let rowID):
            return "outbox row \(rowID) does not exist (never assigned, or pruned)"
        case .outboxRowNotPending(let rowID, let state):
            return "outbox row \(rowID) is already \(state); an outcome is recorded only once"
        case .unknownJob(let jobID):
            return "side-effect job \(jobID) does not exist"
        }
    }
}

/// `mode` in octal, as `chmod` takes it.
private func octal(_ mode: UInt32) -> String { "0" + String(mode & 0o7777, radix: 8) }
