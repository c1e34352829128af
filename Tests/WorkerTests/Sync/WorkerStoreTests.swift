/// WorkerStore: private file, the position round trip, the device binding and the store key.
import Foundation
import MatrixCrypto
import Testing

@testable import Worker

@Suite struct WorkerStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "prx-worker-store-\(UUID().uuidString)")
    let key = Primitives.randomBytes(32)
    var path: String { directory.appendingPathComponent("sub/worker.sqlite").path }

    func open(user: String = "@bot:hs", device: String = "DEV", key: [UInt8]? = nil) throws -> WorkerStore {
        try WorkerStore(path: path, key: key ?? self.key, userID: user, deviceID: device)
    }

    @Test func newStoreIsPrivateAndEmpty() throws {
        let store = try open()
        #expect(try store.position() == SyncPosition())
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let directoryAttributes = try FileManager.default.attributesOfItem(
            atPath: (path as NSString).deletingLastPathComponent)
        #expect((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func positionRoundTripsAcrossReopenAndIsSealed() throws {
        let position = SyncPosition(
            since: "s42_secret_token",
            cursors: ["!a:hs": RoomCursor(eventID: "$e1", ts: 5), "!b:hs": RoomCursor(eventID: "$e2", ts: 9)])
        let created: Int64
        do {
            let store = try open()
            created = store.createdAtMS
            try store.commit(position)
        }
        let reopened = try open()
        #expect(try reopened.position() == position)
        #expect(reopened.createdAtMS == created)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("s42_secret_token".utf8)) == nil)
        // A later commit replaces everything, including a cleared token.
        try reopened.commit(SyncPosition(since: nil, cursors: ["!a:hs": RoomCursor(eventID: "$e3", ts: 11)]))
        #expect(try reopened.position() == SyncPosition(cursors: ["!a:hs": RoomCursor(eventID: "$e3", ts: 11)]))
    }

    @Test func anotherDeviceIsRefused() throws {
        _ = try open()
        #expect(
            throws: WorkerStoreError.boundToOtherDevice(
                path: path, stored: "@bot:hs device DEV", current: "@bot:hs device OTHER")
        ) {
            try open(device: "OTHER")
        }
    }

    @Test func aWrongStoreKeyIsReportedNotIgnored() throws {
        try open().commit(SyncPosition(since: "s1"))
        #expect(throws: WorkerStoreError.unreadable(path: path, item: "since")) {
            try open(key: Primitives.randomBytes(32)).position()
        }
    }

    @Test func aFileOthersCanReadIsRefused() throws {
        _ = try open()
        chmod(path, 0o644)
        #expect(throws: WorkerStoreError.notPrivate(path: path, detail: "mode 644")) { try open() }
    }
}
