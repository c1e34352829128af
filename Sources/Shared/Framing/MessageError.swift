/// Why a well-formed frame is not a valid message: the field, the problem, and the request id if any.

/// A frame that is well formed but not a valid message of its link: an unknown `type`, or a known
/// `type` with a missing or invalid field. On the agent link this becomes
/// `{"type":"error","code":"bad_request","field":…,"id":…}` (or `unknown_type`), and the
/// connection stays open.
public struct MessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with ``field``.
    public enum Problem: Sendable, Equatable {
        /// The frame's `type` is not a message of this link.
        case unknownType
        /// A required field is absent (or `null`).
        case missing
        /// The field has the wrong JSON kind.
        case wrongKind(expected: String, found: JSONKind)
        /// The field has the right kind but a value outside what PROTOCOL.md allows; `rule` says what is allowed.
        case invalidValue(rule: String)
    }

    /// The frame's `type`.
    public let type: String
    /// The offending field, `nil` for ``Problem/unknownType``.
    public let field: String?
    /// What is wrong.
    public let problem: Problem
    /// The request's `id` when the frame carried a valid one, so the answer can name the request.
    public let id: String?

    /// Creates an error about `field` of a `type` frame.
    public init(type: String, field: String?, problem: Problem, id: String? = nil) {
        self.type = type
        self.field = field
        self.problem = problem
        self.id = id
    }

    /// A one-line explanation, usable as the `message` of an `error` frame.
    public var description: String {
        let name = field.map { "\"\($0)\"" } ?? ""
        return switch problem {
        case .unknownType: "unknown frame type \"\(type)\""
        case .missing: "\(type): required field \(name) is missing"
        case .wrongKind(let expected, let found): "\(type): field \(name) must be \(expected), found \(found)"
        case .invalidValue(let rule): "\(type): field \(name) \(rule)"
        }
    }
}
