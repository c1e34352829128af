/// The 32-byte key that seals message content at rest, kept in `<state_dir>/store.key` (0600).
import Foundation
import MatrixCrypto

/// The at-rest key of the queue store and the sealing it does (XChaCha20-Poly1305 from `MatrixCrypto.Primitives`).
///
/// Every sealed value is bound to its row by the associated data (`table/identifier`), so a sealed value
/// copied into another row does not open either.
struct StoreKey: Sendable {
    /// The key file's name inside the state directory.
    static let fileName = "store.key"
    /// The key length in bytes.
    static let length = 32

    private let bytes: [UInt8]

    /// Reads `<directory>/store.key`, creating it once with random bytes when it is missing and `mayCreate`
    /// (no database yet: a new key for existing data would make it unreadable, so that is refused instead).
    /// A key file that group or others can access, that is not ours, or that is not 32 bytes is refused.
    static func loadOrCreate(in directory: URL, mayCreate: Bool) throws -> StoreKey {
        let path = directory.appendingPathComponent(fileName).path
        if mayCreate {
            var fresh = Primitives.randomBytes(length)
            defer { Primitives.wipe(&fresh) }
            // O_EXCL: when two processes race, one creates it and both read the same key.
            try PrivateFiles.createFile(path, contents: fresh)
        } else if !FileManager.default.fileExists(atPath: path) {
            throw QueueError.missingStoreKey(path: path)
        }
        var stored = try PrivateFiles.contents(of: path)
        defer { Primitives.wipe(&stored) }
        guard stored.count == length else { throw QueueError.badStoreKey(path: path, length: stored.count) }
        return StoreKey(bytes: stored)
    }

    /// Seals `plaintext` for the row `table/row`.
    func seal(_ plaintext: some DataProtocol, table: String, row: String) throws -> Data {
        Data(try Primitives.seal(key: bytes, plaintext: plaintext, associatedData: Self.binding(table, row)))
    }

    /// Opens what ``seal(_:table:row:)`` sealed for the same row; anything else is ``QueueError/tampered(table:row:)``.
    func open(_ sealed: Data, table: String, row: String) throws -> Data {
        do {
            return Data(try Primitives.open(key: bytes, sealed: sealed, associatedData: Self.binding(table, row)))
        } catch {
            throw QueueError.tampered(table: table, row: row)
        }
    }

    /// The associated data that binds a sealed value to its table and row identifier.
    private static func binding(_ table: String, _ row: String) -> [UInt8] { Array("prx-matrix/\(table)/\(row)".utf8) }
}
