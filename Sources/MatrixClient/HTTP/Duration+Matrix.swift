/// Durations as the API, libcurl and poll(2) want them: whole milliseconds.

extension Duration {
    /// Whole milliseconds (rounded down), for `timeout` and `retry_after_ms` style fields and libcurl's `_MS` options.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
