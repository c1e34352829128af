/// The daemon's answer to a successful `hello` (PROTOCOL.md "Handshake").

/// `welcome`: who the bot is, which rooms it serves, and the daemon's state.
public struct Welcome: Sendable, Equatable {
    /// The protocol version spoken (1).
    public var protocolVersion: Int64
    /// The bot's Matrix user id.
    public var userID: String
    /// The bot's device id.
    public var deviceID: String
    /// The configured rooms, as configured (room ids or aliases).
    public var rooms: [String]
    /// The daemon's state; a `status` frame follows on every change.
    public var state: AgentState
    /// Addition: the daemon's name and version, e.g. `prx-matrix/0.1.0`.
    public var daemon: String?
    /// Addition: the daemon's `max_frame_bytes`, the largest frame it accepts.
    public var maxFrameBytes: Int64?
    /// Addition: the in-flight window, the most unacknowledged messages sent at once.
    public var window: Int64?

    /// A `welcome` frame.
    public init(
        protocolVersion: Int64 = Int64(ProjectInfo.agentProtocolVersion), userID: String, deviceID: String,
        rooms: [String], state: AgentState, daemon: String? = nil, maxFrameBytes: Int64? = nil, window: Int64? = nil
    ) {
        self.protocolVersion = protocolVersion
        self.userID = userID
        self.deviceID = deviceID
        self.rooms = rooms
        self.state = state
        self.daemon = daemon
        self.maxFrameBytes = maxFrameBytes
        self.window = window
    }

    init(fields: FrameFields) throws(MessageError) {
        self.init(
            protocolVersion: try fields.int("protocol"),
            userID: try fields.identifier("user_id"),
            deviceID: try fields.nonEmptyString("device_id"),
            rooms: try fields.strings("rooms"),
            state: try fields.enumValue("state", AgentState.self),
            daemon: try fields.optionalString("daemon"),
            maxFrameBytes: try fields.optionalInt("max_frame_bytes", in: 1...Int64.max),
            window: try fields.optionalInt("window", in: 1...Int64.max))
    }

    var jsonObject: JSONObject {
        var object: JSONObject = ["type": "welcome", "protocol": .int(protocolVersion)]
        object.set("user_id", userID)
        object.set("device_id", deviceID)
        object.set("rooms", rooms)
        object.set("state", state.rawValue)
        object.set("daemon", daemon)
        object.set("max_frame_bytes", maxFrameBytes)
        object.set("window", window)
        return object
    }
}
