/// The test double's files in the worker's state directory: control, journal, pending batches, markers.
import Foundation
import Shared

/// Paths and small file operations of `prx-matrix-fake-worker`, all inside the directory of `store_path`.
struct FakeWorkerFiles {
    /// The directory (the `store_path`'s parent).
    let directory: String

    /// Control commands, one JSON object per line, appended by tests.
    var commands: String { path("fake-worker.commands") }
    /// How many bytes of ``commands`` were already carried out (so a restart does not repeat them).
    var commandsOffset: String { path("fake-worker.commands.offset") }
    /// Every request received, one JSON object per line (`pid` added; never the token).
    var journal: String { path("fake-worker.journal") }
    /// Injected batches not yet acknowledged: a JSON array of event arrays.
    var pending: String { path("fake-worker.pending") }
    /// While this file exists the worker exits 70 right after `start` (crash-loop tests).
    var exitAtStart: String { path("fake-worker.exit-at-start") }

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Appends `object` plus `pid` as one line to the journal, in one `write` (O_APPEND).
    func journal(_ object: JSONObject) {
        var line = object
        line["pid"] = .int(Int64(getpid()))
        let bytes = JSONWriter.bytes(of: line) + [UInt8(ascii: "\n")]
        let fd = open(journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Replaces the file at `path` with `bytes` atomically (temporary file + rename).
    func replace(_ path: String, with bytes: [UInt8]) {
        let temporary = path + ".tmp"
        _ = FileManager.default.createFile(atPath: temporary, contents: Data(bytes))
        _ = rename(temporary, path)
    }

    /// The bytes of `path`, or nil when it cannot be read.
    func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// The un-acknowledged batches saved by an earlier incarnation.
    func loadPending() -> [[JSONValue]] {
        guard let bytes = read(pending), case .array(let batches)? = try? JSONParser.parse(bytes) else { return [] }
        return batches.compactMap { if case .array(let events) = $0 { events } else { nil } }
    }

    /// Saves the un-acknowledged batches.
    func savePending(_ batches: [[JSONValue]]) {
        replace(pending, with: JSONWriter.bytes(of: .array(batches.map { .array($0) })))
    }

    /// The complete control lines after the saved offset, each with the offset just past it.
    func newCommandLines() -> [(line: [UInt8], end: Int)] {
        let offset = read(commandsOffset).flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
        guard let bytes = read(commands), bytes.count > offset else { return [] }
        var lines: [(line: [UInt8], end: Int)] = []
        var start = offset
        for index in offset..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            if index > start { lines.append((Array(bytes[start..<index]), index + 1)) }
            start = index + 1
        }
        return lines
    }

    /// Records that control lines up to byte `end` are carried out.
    func commandsDone(upTo end: Int) {
        replace(commandsOffset, with: Array(String(end).utf8))
    }
}
