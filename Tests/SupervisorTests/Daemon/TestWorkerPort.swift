/// A test double of the worker side: plays the worker in memory, records commands, answers on demand.
import Shared
import Synchronization
@testable import Supervisor

/// An in-memory ``WorkerPort``: tests emit the worker's events and read the commands the daemon sent.
///
/// With ``autoAnswer`` set, every `send`/`react`/`receipt` gets that outcome at once (what a healthy
/// worker does); otherwise the test answers with ``emit(_:)``. ``onSend`` runs inside `send`, before the
/// command is recorded, so a test can look at the store at that very moment.
final class TestWorkerPort: WorkerPort {
    let events: AsyncStream<WorkerPortEvent>
    private let continuation: AsyncStream<WorkerPortEvent>.Continuation
    private let state = Mutex(State())

    private struct State {
        var connected = false
        var commands: [SupervisorCommand] = []
        var calls: [String] = []
        var autoAnswer: (@Sendable (SupervisorCommand) -> SendOutcome?)?
        var onSend: (@Sendable (SupervisorCommand) async -> Void)?
    }

    init() {
        (events, continuation) = AsyncStream.makeStream(of: WorkerPortEvent.self)
    }

    /// Emits a worker event to the daemon.
    func emit(_ event: WorkerPortEvent) {
        if case .connected = event { state.withLock { $0.connected = true } }
        if case .disconnected = event { state.withLock { $0.connected = false } }
        if case .crashLoop = event { state.withLock { $0.connected = false } }
        continuation.yield(event)
    }

    /// Connects a worker that reports `syncing` (the usual start of a test).
    func connectSyncing(incarnation: Int = 1) {
        emit(.connected(incarnation: incarnation))
        emit(.status(WorkerStatus(phase: .syncing)))
    }

    /// Answers every later `send`, `react` and `receipt` with `outcome(command)` (nil: no answer).
    func autoAnswer(_ outcome: (@Sendable (SupervisorCommand) -> SendOutcome?)?) {
        state.withLock { $0.autoAnswer = outcome }
    }

    /// Runs `hook` inside every later `send`, before the command is recorded.
    func onSend(_ hook: @escaping @Sendable (SupervisorCommand) async -> Void) {
        state.withLock { $0.onSend = hook }
    }

    /// Every command sent to a connected worker, in order.
    var commands: [SupervisorCommand] { state.withLock { $0.commands } }
    /// The calls of start, restart, retry and stop, in order.
    var calls: [String] { state.withLock { $0.calls } }

    func start() async { state.withLock { $0.calls.append("start") } }

    func send(_ command: SupervisorCommand) async -> Bool {
        let hook = state.withLock { $0.onSend }
        await hook?(command)
        let answer: SendOutcome?? = state.withLock { s in
            guard s.connected else { return nil }
            s.commands.append(command)
            return .some(s.autoAnswer?(command))
        }
        guard let answer else { return false }
        if let outcome = answer, let row = command.row { continuation.yield(.outcome(row: row, outcome)) }
        return true
    }

    func restart(with settings: WorkerSettings) async { state.withLock { $0.calls.append("restart") } }
    func retry() async { state.withLock { $0.calls.append("retry") } }
    /// Like the real port: the events end after a stop.
    func stop() async {
        state.withLock { $0.calls.append("stop") }
        continuation.finish()
        continuation.finish()
    }
}

extension SupervisorCommand {
    /// The link row of a `send`, `react` or `receipt`.
    var row: Int64? {
        switch self {
        case .send(let send): send.row
        case .react(let reaction): reaction.row
        case .receipt(let row, _, _): row
        default: nil
        }
    }
}
