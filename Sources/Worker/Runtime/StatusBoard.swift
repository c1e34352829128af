/// The worker's reported state: phase, detail and room problems, sent as a `state` frame on every change.
import Shared

/// Holds what the worker reports about itself and sends a `state` frame whenever any of it changes.
actor StatusBoard {
    private let link: SupervisorLink
    private var phase: WorkerPhase = .starting
    private var detail: String?
    private var problems: [String: RoomProblem] = [:]
    private var lastSent: WorkerStatus?

    /// A board reporting over `link`.
    init(link: SupervisorLink) { self.link = link }

    /// The current phase.
    var currentPhase: WorkerPhase { phase }

    /// Sets the phase and its detail; reports if that changes what was last reported.
    func set(_ phase: WorkerPhase, detail: String? = nil) {
        self.phase = phase
        self.detail = detail
        report()
    }

    /// Records (nil: clears) the problem of the configured room `room`; reports if that changes anything.
    func setProblem(_ problem: RoomProblem?, for room: String) {
        problems[room] = problem
        report()
    }

    /// The problem currently recorded for `room`.
    func problem(for room: String) -> RoomProblem? { problems[room] }

    private func report() {
        let status = WorkerStatus(
            phase: phase, detail: detail, roomProblems: problems.keys.sorted().compactMap { problems[$0] })
        guard status != lastSent else { return }
        lastSent = status
        try? link.send(.state(status))
    }
}
