/// Exponential backoff with jitter for retrying the homeserver after 5xx and transport failures.

/// Delays of `initial` × 2ⁿ, capped at `maximum`, each with "equal jitter" (half fixed, half random),
/// so that many workers do not retry in lockstep. ``reset()`` after a success.
struct Backoff: Sendable {
    /// The first delay before jitter.
    let initial: Duration
    /// The longest delay before jitter.
    let maximum: Duration
    /// Failures since the last success.
    private(set) var failures = 0

    /// A backoff from `initial` up to `maximum`.
    init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt; counts one more failure.
    mutating func next() -> Duration {
        let exponent = min(failures, 30)
        failures += 1
        let ceiling = min(initial * (1 << exponent), maximum)
        return ceiling / 2 + (ceiling / 2) * Double.random(in: 0...1)
    }

    /// Back to the first delay after a success.
    mutating func reset() { failures = 0 }
}
