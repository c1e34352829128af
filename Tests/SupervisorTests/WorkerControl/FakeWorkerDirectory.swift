/// The fake worker's files as a test sees them: appending control lines, reading the journal.
import Foundation
import Shared

/// Anything that knows the directory of a `prx-matrix-fake-worker` (the directory of its `store_path`).
protocol FakeWorkerDirectory {
    /// Where the fake worker keeps its control file, journal and pending batches.
    var directory: URL { get }
}

extension FakeWorkerDirectory {
    /// Appends one control line for the fake worker.
    func command(_ json: String) throws {
        let path = directory.appendingPathComponent("fake-worker.commands").path
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((json + "\n").utf8))
    }

    /// A file of the fake worker's directory.
    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The journal: every request the fake workers received, in order.
    func journal() -> [JSONObject] {
        guard let data = FileManager.default.contents(atPath: file("fake-worker.journal").path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            if case .object(let object)? = try? JSONParser.parse(Array(line)) { object } else { nil }
        }
    }

    /// Journal entries of `type`.
    func journal(_ type: String) -> [JSONObject] { journal().filter { $0["type"] == .string(type) } }
}
