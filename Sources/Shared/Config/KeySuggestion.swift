/// "Did you mean …": the closest known key by edit distance.

/// Suggests the known word a mistyped one was probably meant to be.
enum KeySuggestion {
    /// The candidate closest to `word` (Levenshtein distance, case-insensitive), if close enough:
    /// at most a third of the word's length (at least 2), or when one contains the other.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        if best.1 <= max(2, lowered.count / 3) { return best.0 }
        return candidates.first { lowered.count >= 4 && (lowered.includes($0) || $0.includes(lowered)) }
    }

    /// The Levenshtein distance between `a` and `b` (insertions, deletions, substitutions).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
