/// Substring search and replacement by UTF-8 bytes, without the standard library's Regex-based algorithms.

// `String.contains(_: String)` and `replacing(_:with:)` come from _StringProcessing, whose code sits in a
// few large unsplit sections of the static runtime: calling them at all keeps up to 0.9 MB more of each
// binary resident (docs/BENCHMARKS-E2E.md, "The link"). The needles here are ASCII markup and syntax, for
// which byte equality is the right comparison.
extension StringProtocol {
    /// Whether `text` occurs in this string, compared byte for byte in UTF-8 (an empty `text` always does).
    package func includes(_ text: some StringProtocol) -> Bool {
        Self.firstOffset(of: Array(text.utf8), in: Array(utf8), from: 0) != nil
    }

    /// This string with every occurrence of `text` (non-empty), left to right, replaced by `replacement`.
    package func replacingEvery(_ text: some StringProtocol, with replacement: some StringProtocol) -> String {
        let bytes = Array(utf8)
        let needle = Array(text.utf8)
        guard !needle.isEmpty, var found = Self.firstOffset(of: needle, in: bytes, from: 0) else { return String(self) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var start = 0
        while true {
            result += bytes[start..<found]
            result += replacement.utf8
            start = found + needle.count
            guard let next = Self.firstOffset(of: needle, in: bytes, from: start) else { break }
            found = next
        }
        result += bytes[start...]
        return String(decoding: result, as: UTF8.self)
    }

    /// The offset of the first occurrence of `needle` in `haystack` at or after `start`, if any.
    private static func firstOffset(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first else { return start }
        guard haystack.count - start >= needle.count else { return nil }
        for offset in start...(haystack.count - needle.count) where haystack[offset] == first {
            if haystack[offset..<(offset + needle.count)].elementsEqual(needle) { return offset }
        }
        return nil
    }
}
