/// Durations as the API and URLSession want them: whole milliseconds, fractional seconds.
import Foundation

extension Duration {
    /// Whole milliseconds (rounded down), for `timeout` and `retry_after_ms` style fields.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Seconds as a `TimeInterval`, for `URLRequest.timeoutInterval`.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
