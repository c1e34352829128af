/// Generates valid frames of both links and mutates them into malformed ones (test/fuzz aid).
///
/// Used by the `codec` fuzz target (`scripts/fuzz codec`) and by the bounded run in the test suite,
/// so both exercise the same inputs; it is not used by the daemon.

/// Valid frames, their mutations (bit flips, truncation, splicing, length-prefix corruption, field
/// changes) and random chunkings, from a seeded generator.
public struct FrameMutator: Sendable {
    /// The generator; its state advances with every call.
    public var random: SeededRandom

    /// A mutator whose outputs are fixed by `seed`.
    public init(seed: UInt64) { random = SeededRandom(seed: seed) }

    // MARK: Valid content

    /// A string mixing ASCII, characters JSON must escape, control characters and non-ASCII text.
    public mutating func string(maxLength: Int = 12) -> String {
        let pieces = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "👍", "漢", "\u{FEFF}",
            "$", "!", ":", "@",
        ]
        let length = Int.random(in: 0...maxLength, using: &random)
        return (0..<length).map { _ in pieces.randomElement(using: &random) ?? "a" }.joined()
    }

    /// A non-empty identifier-like string (`$…`, `!…:server`, `@…:server`).
    public mutating func identifier(_ sigil: String) -> String {
        sigil + String(max(1, Int.random(in: 0...99_999, using: &random))) + (random.oneIn(3) ? "" : ":example.org")
    }

    /// A random JSON value nested at most `depth` levels.
    public mutating func value(depth: Int = 3) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 9 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(random.oneIn(2))
        case 2: return .int(Int64.random(in: Int64.min...Int64.max, using: &random))
        case 3: return .int(Int64.random(in: -3...200, using: &random))
        case 4: return .double(Double.random(in: -1e6...1e6, using: &random))
        case 5, 6: return .string(string())
        case 7: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth - 1) })
        default: return .object(object(depth: depth - 1))
        }
    }

    /// A random object of at most four members (no `type` unless drawn).
    public mutating func object(depth: Int = 2) -> JSONObject {
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...4, using: &random) { object[string(maxLength: 6)] = value(depth: depth) }
        return object
    }

    /// A valid frame object: usually a ``message()``, sometimes a random object with a string `type`.
    public mutating func validObject() -> JSONObject {
        if random.oneIn(5) {
            var object = object()
            object["type"] = .string(string(maxLength: 8))
            return object
        }
        var message = message()
        if random.oneIn(4) { message[string(maxLength: 5) + "_extra"] = value() }  // unknown fields are ignored
        return message
    }

    /// A frame whose payload is well-formed JSON but possibly not a frame: any value, an object
    /// without `type`, or an object whose `type` is not a string.
    public mutating func anyJSONFrame() -> [UInt8] {
        let payload: JSONValue
        switch Int.random(in: 0..<3, using: &random) {
        case 0: payload = value()
        case 1: payload = .object(object())
        default:
            var object = object()
            object["type"] = value(depth: 1)
            payload = .object(object)
        }
        return Self.frameBytes(payload)
    }

    // MARK: Mutations

    /// A message with one field removed or given a random value; `type` stays a string (then a random
    /// one), so the result is still a well-formed frame but often not a valid message.
    public mutating func mutatedFields(of object: JSONObject) -> JSONObject {
        var object = object
        guard let key = object.keys.randomElement(using: &random) else { return object }
        if key == "type" {
            object[key] = .string(string(maxLength: 8))
        } else {
            object[key] = random.oneIn(3) ? nil : value(depth: 1)
        }
        return object
    }

    /// `bytes` after one to three byte-level mutations: bit flips, truncation, splicing with other
    /// bytes, duplication, insertion or deletion of bytes, or a corrupted length prefix.
    public mutating func mutated(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0:  // bit flip
                if !bytes.isEmpty { bytes[position] ^= 1 << UInt8.random(in: 0...7, using: &random) }
            case 1:  // truncation
                bytes.removeSubrange(position..<bytes.count)
            case 2:  // splice a random valid frame's bytes in
                let other = Self.frameBytes(.object(validObject()))
                bytes.insert(contentsOf: other[Int.random(in: 0..<other.count, using: &random)...], at: position)
            case 3:  // duplicate a stretch
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 4:  // random bytes in
                bytes.insert(
                    contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in
                        UInt8.random(in: 0...255, using: &random)
                    }, at: position)
            case 5:  // delete a stretch
                bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &random)))
            case 6:  // overwrite with a JSON-significant byte
                if !bytes.isEmpty {
                    bytes[position] = Array("{}[]\":,\\0-e.un".utf8).randomElement(using: &random) ?? 0
                }
            default:  // corrupt the first length prefix: 0, max, max + 1, huge, or off by a little
                guard bytes.count >= 4 else { break }
                let length =
                    [
                        0, UInt32.max, 0x8000_0000, UInt32(1_048_576), UInt32(1_048_577),
                        UInt32.random(in: 0...64, using: &random),
                    ]
                    .randomElement(using: &random) ?? 0
                bytes.replaceSubrange(0..<4, with: Frame.lengthPrefix(length))
            }
        }
        return bytes
    }

    /// `bytes` cut into consecutive chunks: single bytes, small pieces, or a few large ones.
    public mutating func chunked(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        let style = Int.random(in: 0..<3, using: &random)
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let size =
                switch style {
                case 0: 1
                case 1: Int.random(in: 1...7, using: &random)
                default: Int.random(in: 1...max(1, bytes.count / 2), using: &random)
                }
            let end = min(bytes.count, start + size)
            chunks.append(bytes[start..<end])
            start = end
        }
        return chunks
    }

    /// The frame bytes of any JSON value (a frame only when it is an object with a string `type`).
    public static func frameBytes(_ value: JSONValue) -> [UInt8] {
        let payload = JSONWriter.bytes(of: value)
        return Frame.lengthPrefix(UInt32(payload.count)) + payload
    }
}
