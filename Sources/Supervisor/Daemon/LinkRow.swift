/// The `row` of the worker link's `send`/`react`/`receipt` and `outcome`: an outbox row or a part of a job.

/// What a worker-link `row` names. Outbox rows use their own id (docs/PROTOCOL.md: "the outbox row id");
/// side-effect jobs are numbered from ``jobBase`` on, two rows per job (its reaction and its read receipt),
/// so both kinds share the link's one `row` field without colliding. Every value stays below 2^53, exact
/// even for a peer that reads JSON numbers as doubles.
enum LinkRow: Hashable, Sendable {
    /// The part of a side-effect job a command performs.
    enum JobPart: Int64, Sendable {
        /// The receipt or completion reaction (`react`).
        case reaction = 0
        /// The read receipt (`receipt`).
        case receipt = 1
    }

    /// An outbox row (an agent's `send` or `react`).
    case outbox(Int64)
    /// One part of side-effect job `id`.
    case job(Int64, JobPart)

    /// The first link row of jobs: outbox row ids stay far below it.
    static let jobBase: Int64 = 1_000_000_000_000

    /// Reads a link row the worker echoed; nil for a value this daemon never hands out.
    init?(rawValue: Int64) {
        if rawValue > 0 && rawValue < Self.jobBase {
            self = .outbox(rawValue)
        } else if rawValue >= Self.jobBase, let part = JobPart(rawValue: (rawValue - Self.jobBase) % 2) {
            self = .job((rawValue - Self.jobBase) / 2, part)
        } else {
            return nil
        }
    }

    /// The value sent as `row`.
    var rawValue: Int64 {
        switch self {
        case .outbox(let row): row
        case .job(let id, let part): Self.jobBase + id * 2 + part.rawValue
        }
    }
}
