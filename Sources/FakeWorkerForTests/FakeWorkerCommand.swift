/// The test double's control commands: one JSON object per line of `<dir>/fake-worker.commands`.
import Shared

/// What a test tells `prx-matrix-fake-worker` to do (docs/WORKER-LIFECYCLE.md, "The test worker").
enum FakeWorkerCommand: Equatable {
    /// `{"inject": [InboundEvent…]}`: send these events as a batch, kept until `batch_ack`.
    case inject([JSONValue])
    /// `{"crash": true}`: exit 70 at once.
    case crash
    /// `{"crash_after_sends": n}`: journal the next n sends/reacts, answer the first n-1, exit 70 on the nth.
    case crashAfterSends(Int)
    /// `{"hang": true}`: stop answering anything (heartbeats included).
    case hang
    /// `{"token_invalid": {"soft_logout": b}}`: report `state token_invalid`, then exit with the token-invalid code.
    case tokenInvalid(softLogout: Bool)
    /// `{"rate_limit_ms": ms, "count": n}`: answer the next n (default 1) sends/reacts with `retry_later`.
    case rateLimit(milliseconds: Int64, count: Int)
    /// `{"garbage": true}`: write a malformed frame (valid length prefix, payload not JSON).
    case garbage
    /// `{"close_link": true}`: close the link but keep running (until killed).
    case closeLink
    /// `{"ignore_shutdown": true}`: journal `shutdown` but keep running.
    case ignoreShutdown
    /// `{"ignore_sigterm": true}`: ignore SIGTERM (only SIGKILL ends it then).
    case ignoreSIGTERM

    /// Reads one control line.
    init(line: [UInt8]) throws(FakeWorkerCommandError) {
        let text = String(decoding: line, as: UTF8.self)
        let object: JSONObject
        do {
            guard case .object(let parsed) = try JSONParser.parse(line) else {
                throw FakeWorkerCommandError(line: text, problem: "not a JSON object")
            }
            object = parsed
        } catch let error as FakeWorkerCommandError {
            throw error
        } catch {
            throw FakeWorkerCommandError(line: text, problem: "not JSON (\(error))")
        }
        switch object.members.first?.key {
        case "inject":
            guard case .array(let events)? = object["inject"] else {
                throw .init(line: text, problem: "inject needs an array")
            }
            self = .inject(events)
        case "crash": self = .crash
        case "crash_after_sends":
            guard case .int(let n)? = object["crash_after_sends"], n >= 1 else {
                throw .init(line: text, problem: "crash_after_sends needs an integer ≥ 1")
            }
            self = .crashAfterSends(Int(n))
        case "hang": self = .hang
        case "token_invalid":
            guard case .object(let detail)? = object["token_invalid"], case .bool(let soft)? = detail["soft_logout"]
            else {
                throw .init(line: text, problem: "token_invalid needs {\"soft_logout\": true|false}")
            }
            self = .tokenInvalid(softLogout: soft)
        case "rate_limit_ms":
            guard case .int(let milliseconds)? = object["rate_limit_ms"], milliseconds >= 0 else {
                throw .init(line: text, problem: "rate_limit_ms needs an integer ≥ 0")
            }
            var count = 1
            if case .int(let n)? = object["count"], n >= 1 { count = Int(n) }
            self = .rateLimit(milliseconds: milliseconds, count: count)
        case "garbage": self = .garbage
        case "close_link": self = .closeLink
        case "ignore_shutdown": self = .ignoreShutdown
        case "ignore_sigterm": self = .ignoreSIGTERM
        default: throw .init(line: text, problem: "unknown command")
        }
    }
}

/// A control line the fake worker cannot follow; it is reported on stderr and skipped.
struct FakeWorkerCommandError: Error, CustomStringConvertible {
    /// The line as written.
    let line: String
    /// What is wrong with it.
    let problem: String

    var description: String { "fake worker: ignoring control line \(line): \(problem)" }
}
