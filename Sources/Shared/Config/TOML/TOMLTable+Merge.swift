/// Deep merge of TOML tables, as PRX merges `config.d/*.toml` over `config.toml`.

extension TOMLTable {
    /// This table with `overlay` merged on top: tables merge key by key (recursively); any other
    /// value in `overlay` (scalar or array) replaces the earlier one. Every node keeps the location
    /// (and so the file) where it was written; a merged table keeps the location of its first definition.
    public func merging(_ overlay: TOMLTable) -> TOMLTable {
        var result = self
        for (key, node) in overlay.entriesInOrder {
            if case .table(let mine)? = self[key]?.value, case .table(let theirs) = node.value, let existing = self[key]
            {
                result.set(
                    key,
                    TOMLNode(
                        value: .table(mine.merging(theirs)), location: existing.location,
                        keyLocation: existing.keyLocation))
            } else {
                result.set(key, node)
            }
        }
        return result
    }
}
