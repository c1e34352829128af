/// The second layer of the codec: typed messages that read from and write to a ``Frame``.

/// A typed message of one of the framed links. Decoding ignores unknown fields; encoding writes
/// `type` first and leaves out optional fields that do not apply.
public protocol FrameMessage: Sendable, Equatable {
    /// Reads the message from a well-formed frame; a missing or invalid field is a ``MessageError``.
    init(frame: Frame) throws(MessageError)
    /// The message as a JSON object, `type` first, ready for ``FrameEncoder/encode(_:)-(JSONObject)``.
    var jsonObject: JSONObject { get }
}
