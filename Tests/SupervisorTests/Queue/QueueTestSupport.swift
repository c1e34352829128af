/// Shared helpers of the queue tests: a private temporary state directory and sample inbound messages.
import Foundation
import Shared
@testable import Supervisor

/// A fresh directory under the system temp dir; the store's state directory is `state` inside it.
struct QueueTestDirectory {
    /// The parent, removed by ``remove()``.
    let root: URL
    /// Where the store keeps its files (created by the store, 0700).
    var state: URL { root.appendingPathComponent("state") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("prx-queue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Opens (or reopens) the store in ``state``.
    func open(retentionHours: Int = QueueStore.defaultOutcomeRetentionHours) throws -> QueueStore {
        try QueueStore(stateDirectory: state, outcomeRetentionHours: retentionHours)
    }

    /// `state/NAME`.
    func file(_ name: String) -> URL { state.appendingPathComponent(name) }

    /// Deletes everything.
    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Runs `body` with a fresh test directory and removes it afterwards.
func withQueueDirectory<T>(_ body: (QueueTestDirectory) async throws -> T) async throws -> T {
    let directory = try QueueTestDirectory()
    defer { directory.remove() }
    return try await body(directory)
}

/// A sample inbound message with event id `$<name>` and every optional field set.
func sampleMessage(_ name: String, room: String = "!room:example.org", body: String? = nil) -> InboundEvent {
    InboundEvent(
        eventID: "$\(name)", roomID: room, sender: "@alice:example.org", senderName: "Alice",
        body: body ?? "hello \(name)", formattedBody: "<b>hello</b> \(name)", msgtype: "m.text",
        ts: 1_764_000_000_000, encrypted: true, replyTo: "$parent", threadRoot: "$root", editOf: nil)
}
