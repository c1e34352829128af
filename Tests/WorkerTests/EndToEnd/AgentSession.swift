/// The test's agent: raw PROTOCOL.md frames over ``RawAgent``, every received frame kept, messages acked.
import Foundation
import TestSupport

/// One agent connection that records every frame and waits for conditions with a bound.
final class AgentSession {
    let raw: RawAgent
    /// Every frame received, in order.
    private(set) var frames: [ReceivedFrame] = []
    /// Whether each `message` is acknowledged as soon as it arrives.
    var autoAck = true
    private let log: () -> String

    init(_ raw: RawAgent, log: @escaping () -> String) {
        self.raw = raw
        self.log = log
    }

    /// The `message` frames received.
    var messages: [ReceivedFrame] { frames.filter { $0.type == "message" } }

    /// Sends a frame made from `object` (JSONSerialization, so any body is escaped correctly).
    func send(_ object: [String: Any]) async throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        await raw.send(String(decoding: data, as: UTF8.self))
    }

    /// A `send` request with `id`; `extra` adds fields (format, msgtype, reply_to, thread_root, room_id).
    func sendMessage(id: String, body: String, _ extra: [String: Any] = [:]) async throws {
        try await send(["type": "send", "id": id, "body": body].merging(extra) { $1 })
    }

    /// Reads frames until `done(frames)` holds; fails after `seconds` of waiting in total.
    @discardableResult
    func wait(seconds: Double = 60, for what: String, until done: ([ReceivedFrame]) -> Bool) async throws
        -> [ReceivedFrame]
    {
        try await wait(
            for: what, failing: "waited \(seconds) s for \(what)", limit: seconds, resetsOnProgress: false, until: done)
    }

    /// Reads frames until `done(frames)` holds; fails only when no `sent`, `failed` or `message` frame
    /// arrived for `stalledFor` seconds (a long run on a slow machine is slow, not broken).
    @discardableResult
    func wait(stalledFor: Double, for what: String, until done: ([ReceivedFrame]) -> Bool) async throws
        -> [ReceivedFrame]
    {
        try await wait(
            for: what, failing: "no progress for \(stalledFor) s while waiting for \(what)", limit: stalledFor,
            resetsOnProgress: true, until: done)
    }

    private func wait(
        for what: String, failing message: String, limit: Double, resetsOnProgress: Bool,
        until done: ([ReceivedFrame]) -> Bool
    ) async throws -> [ReceivedFrame] {
        var deadline = ContinuousClock.now + .seconds(limit)
        while !done(frames) {
            guard ContinuousClock.now < deadline else { throw failure(message) }
            let next: ReceivedFrame?
            do {
                next = try await raw.next(seconds: 1)
            } catch is RawAgentError {
                continue  // nothing within a second: check the deadline and wait on
            }
            guard let frame = next else { throw failure("the daemon closed the connection while waiting for \(what)") }
            frames.append(frame)
            if resetsOnProgress, ["sent", "failed", "message"].contains(frame.type) {
                deadline = ContinuousClock.now + .seconds(limit)
            }
            if autoAck, frame.type == "message", let seq = frame.int("seq") {
                try await send(["type": "ack", "seq": seq])
            }
        }
        return frames
    }

    private func failure(_ what: String) -> RawAgentError {
        RawAgentError(
            description: "\(what); last frames:\n" + frames.suffix(10).map(\.text).joined(separator: "\n")
                + "\ndaemon log:\n" + log())
    }

    /// Waits for a `status` (or `welcome`) with `state`, received after the frame at `after`.
    func state(_ state: String, after index: Int = 0, seconds: Double = 60) async throws {
        try await wait(seconds: seconds, for: "state \(state)") { frames in
            frames.dropFirst(index).contains {
                ($0.type == "status" || $0.type == "welcome") && $0.string("state") == state
            }
        }
    }

    /// Waits until every id in `ids` got `sent` (or any got `failed`), for `seconds` in total.
    func sent(_ ids: [String], seconds: Double = 120) async throws {
        try await wait(seconds: seconds, for: "sent for \(ids.count) ids") { Self.answered(ids, in: $0) }
    }

    /// Waits until every id in `ids` got `sent` (or any got `failed`), while outcomes or messages keep coming.
    func sent(_ ids: [String], stalledFor: Double) async throws {
        try await wait(stalledFor: stalledFor, for: "sent for \(ids.count) ids") { Self.answered(ids, in: $0) }
    }

    private static func answered(_ ids: [String], in frames: [ReceivedFrame]) -> Bool {
        let answered = Set(frames.filter { $0.type == "sent" || $0.type == "failed" }.compactMap { $0.string("id") })
        return ids.allSatisfy(answered.contains)
    }

    /// Waits until `count` messages arrived in total, for `seconds` in total.
    func messages(_ count: Int, seconds: Double = 120) async throws {
        try await wait(seconds: seconds, for: "\(count) messages") { Self.hasMessages(count, in: $0) }
    }

    /// Waits until `count` messages arrived in total, while outcomes or messages keep coming.
    func messages(_ count: Int, stalledFor: Double) async throws {
        try await wait(stalledFor: stalledFor, for: "\(count) messages") { Self.hasMessages(count, in: $0) }
    }

    private static func hasMessages(_ count: Int, in frames: [ReceivedFrame]) -> Bool {
        frames.count { $0.type == "message" } >= count
    }

    /// The `sent`/`failed` frames for `id`.
    func outcomes(_ id: String) -> [ReceivedFrame] {
        frames.filter { ($0.type == "sent" || $0.type == "failed") && $0.string("id") == id }
    }

    /// Closes the connection.
    func close() { raw.close() }
}
