/// One agent connection as the daemon tracks it: its socket and how far its handshake got.

/// A connected agent socket and its phase.
struct AgentConnection: Sendable {
    /// Where the connection is in the protocol.
    enum Phase: Sendable, Equatable {
        /// Connected; the first frame must be `hello`.
        case awaitingHello
        /// The active agent session: gets messages, may send requests.
        case agent
        /// An observer (`hello` with `"observe":true`, docs/PROTOCOL.md): gets `welcome`, `status` and
        /// `pong`, never messages, and supersedes nobody.
        case observer
    }

    /// The socket.
    let socket: SocketConnection
    /// The phase.
    var phase: Phase = .awaitingHello
}

/// What the active agent session has been sent: the delivery window's bookkeeping.
struct DeliverySession: Sendable {
    /// The connection it runs on.
    let connection: Int
    /// Counts `hello`s, so that a pass started for an older session stops.
    let generation: Int
    /// The highest seq sent in this session (starts at the last ack: everything above is sent again).
    var sentUpTo: Int64
    /// Seqs sent and not yet acknowledged, ascending; at most `window` of them.
    var inFlight: [Int64] = []
}
