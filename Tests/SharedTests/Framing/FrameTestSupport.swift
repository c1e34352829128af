/// Helpers shared by the codec tests: frames from JSON text, and frame bytes.
import Shared

/// Test helpers for building frames from JSON text.
enum FrameText {
    /// The frame of a JSON object written as text (throws if it is not a well-formed frame).
    static func frame(_ json: String) throws -> Frame { try Frame(payload: Array(json.utf8)) }

    /// The frame bytes (length prefix + payload) of JSON text, whatever it contains.
    static func bytes(_ json: String) -> [UInt8] {
        Frame.lengthPrefix(UInt32(json.utf8.count)) + Array(json.utf8)
    }

    /// The compact JSON text of a message, as its frame carries it.
    static func text(_ message: some FrameMessage) -> String {
        String(decoding: JSONWriter.bytes(of: message.jsonObject), as: UTF8.self)
    }

    /// Decodes all of `bytes` in one read: the frames, and the error that stopped the decoder, if any.
    static func decodeAll(_ bytes: [UInt8], limit: Int = Frame.defaultMaxBytes) -> ([Frame], FrameError?) {
        var decoder = FrameDecoder(maxFrameBytes: limit)
        decoder.feed(bytes)
        var frames: [Frame] = []
        do {
            while let frame = try decoder.next() { frames.append(frame) }
            return (frames, nil)
        } catch {
            return (frames, error)
        }
    }
}
