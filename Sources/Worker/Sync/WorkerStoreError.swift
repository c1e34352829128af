/// What can go wrong with the worker's store, with the path and what to do.
#if canImport(Glibc)
    import Glibc
#endif

/// A failure opening, reading or writing the worker's store (`store_path`).
enum WorkerStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call on the store's file or directory failed.
    case fileSystem(path: String, operation: String, errno: Int32)
    /// The store's directory could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// The store file can be read by others than its owner, or belongs to another user.
    case notPrivate(path: String, detail: String)
    /// SQLite refused (corrupt file, disk full, locked beyond the busy timeout).
    case database(path: String, reason: String)
    /// The store belongs to another account or device than the one the token is for.
    case boundToOtherDevice(path: String, stored: String, current: String)
    /// A sealed value does not open: the store key is not the one the store was written with, or the file was altered.
    case unreadable(path: String, item: String)

    /// One line: what, where, and what to do.
    var description: String {
        switch self {
        case .fileSystem(let path, let operation, let code):
            "worker store \(path): \(operation) failed: \(String(cString: strerror(code))); check the directory and its permissions"
        case .cannotCreateDirectory(let path, let reason):
            "worker store directory \(path) cannot be created: \(reason); check store_path and the permissions above it"
        case .notPrivate(let path, let detail):
            "worker store \(path): \(detail); the store must be a regular file of ours with mode 0600 (chmod 600 it)"
        case .database(let path, let reason):
            "worker store \(path): \(reason)"
        case .boundToOtherDevice(let path, let stored, let current):
            "worker store \(path) belongs to \(stored), but the token is for \(current); use another store_path "
                + "or log in again with the stored device (a store is never reused for another device)"
        case .unreadable(let path, let item):
            "worker store \(path): \(item) does not decrypt with the store key (a different store.key, or the file was altered); "
                + "restore the matching key or move the store aside to start over"
        }
    }
}
