/// One line of `prx-matrix doctor`: what was checked, how it went, and the fix when it did not.
import Shared

/// The result of one check.
struct DoctorCheck: Sendable, Equatable {
    /// How a check went.
    enum Outcome: String, Sendable {
        /// Fine.
        case healthy
        /// Broken: the daemon cannot work (or cannot work fully) until it is fixed; `doctor` exits non-zero.
        case unhealthy
        /// Worth knowing, not broken.
        case warning

        /// `✅`, `❌` or `⚠️`.
        var symbol: String {
            switch self {
            case .healthy: "✅"
            case .unhealthy: "❌"
            case .warning: "⚠️"
            }
        }
    }

    /// What was checked, e.g. `homeserver`, `room #ops:example.org`.
    var name: String
    /// How it went.
    var outcome: Outcome
    /// What was found.
    var detail: String
    /// What to do, for an unhealthy check or a warning.
    var fix: String?

    /// A healthy check.
    static func healthy(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .healthy, detail: detail)
    }

    /// A failed check and its fix.
    static func unhealthy(_ name: String, _ detail: String, fix: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .unhealthy, detail: detail, fix: fix)
    }

    /// A warning and what to do about it.
    static func warning(_ name: String, _ detail: String, fix: String?) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .warning, detail: detail, fix: fix)
    }

    /// `✅ name: detail` or `❌ name: detail (fix: …)`.
    var line: String {
        "\(outcome.symbol) \(name): \(detail)" + (fix.map { " (fix: \($0))" } ?? "")
    }

    /// The check as JSON for `doctor --json`.
    var jsonObject: JSONObject {
        var object: JSONObject = [
            "check": .string(name), "status": .string(outcome.rawValue), "detail": .string(detail),
        ]
        if let fix { object["fix"] = .string(fix) }
        return object
    }
}

/// Every check of one `doctor` run, and its summary.
struct DoctorReport: Sendable {
    /// The checks in the order run.
    var checks: [DoctorCheck] = []

    /// How many checks had `outcome`.
    func count(_ outcome: DoctorCheck.Outcome) -> Int { checks.filter { $0.outcome == outcome }.count }

    /// Whether any check failed.
    var failed: Bool { count(.unhealthy) > 0 }

    /// `Summary: N healthy, N unhealthy, N warnings` (PRX's doctor summary line).
    var summary: String {
        "Summary: \(count(.healthy)) healthy, \(count(.unhealthy)) unhealthy, \(count(.warning)) warnings"
    }

    /// The whole report as JSON: the checks and the counts.
    var jsonObject: JSONObject {
        [
            "checks": .array(checks.map { .object($0.jsonObject) }),
            "summary": .object([
                "healthy": .int(Int64(count(.healthy))), "unhealthy": .int(Int64(count(.unhealthy))),
                "warnings": .int(Int64(count(.warning))),
            ]),
        ]
    }
}
