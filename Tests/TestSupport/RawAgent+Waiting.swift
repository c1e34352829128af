/// Reading a raw agent's frames up to the one a test waits for.
extension RawAgent {
    /// Every frame up to and including the first that matches `predicate` (bounded by `seconds` per
    /// frame); throws when the daemon closes the connection first.
    public func frames(seconds: Double = 120, until predicate: (ReceivedFrame) -> Bool) async throws -> [ReceivedFrame]
    {
        var frames: [ReceivedFrame] = []
        while true {
            guard let frame = try await next(seconds: seconds) else {
                throw RawAgentError(description: "closed before the awaited frame; got \(frames.map(\.text))")
            }
            frames.append(frame)
            if predicate(frame) { return frames }
        }
    }
}
