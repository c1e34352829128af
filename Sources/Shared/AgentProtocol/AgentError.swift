/// The agent link's `error` frame, and how codec errors map onto it.

/// `error`: something the agent sent was refused. `id` names the request when there was one.
public struct AgentError: Sendable, Equatable {
    /// What kind of error (``AgentErrorCode``).
    public var code: AgentErrorCode
    /// A human-readable explanation with what to do.
    public var message: String
    /// The request's `id`, when the error concerns a request that had one.
    public var id: String?
    /// Addition: the offending field of a `bad_request`.
    public var field: String?

    /// An `error` frame.
    public init(code: AgentErrorCode, message: String, id: String? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.id = id
        self.field = field
    }

    /// The `bad_frame` answer to a malformed frame (the connection is then closed).
    public init(_ error: FrameError) {
        self.init(code: .badFrame, message: error.description)
    }

    /// The `unknown_type` or `bad_request` answer to a frame that is not a valid request.
    public init(_ error: MessageError) {
        let code: AgentErrorCode = error.problem == .unknownType ? .unknownType : .badRequest
        self.init(code: code, message: error.description, id: error.id, field: error.field)
    }

    init(fields: FrameFields) throws(MessageError) {
        self.init(
            code: try fields.enumValue("code", AgentErrorCode.self),
            message: try fields.string("message"),
            id: try fields.optionalString("id"),
            field: try fields.optionalString("field"))
    }

    var jsonObject: JSONObject {
        var object: JSONObject = ["type": "error", "code": .string(code.rawValue)]
        object.set("message", message)
        object.set("id", id)
        object.set("field", field)
        return object
    }
}
