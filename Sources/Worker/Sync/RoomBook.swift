/// The configured rooms as the worker knows them: room id ↔ as configured, and what is wrong with each.

/// Configured rooms, by room id once resolved, and the encrypted events seen in each.
struct RoomBook: Sendable {
    /// Room id → the room as configured (id or alias).
    private(set) var configuredByID: [String: String] = [:]
    /// Room id → encrypted events seen and not delivered since the worker started.
    var encryptedEvents: [String: Int] = [:]

    /// Records that `configured` is the room `roomID`.
    mutating func add(_ configured: String, roomID: String) { configuredByID[roomID] = configured }

    /// The room as configured, when `roomID` is one of ours.
    func configured(_ roomID: String) -> String? { configuredByID[roomID] }

    /// The resolved room ids, sorted.
    var roomIDs: [String] { configuredByID.keys.sorted() }
}
