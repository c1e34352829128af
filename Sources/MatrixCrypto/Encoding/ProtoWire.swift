/// The protobuf-style wire format of Olm and Megolm messages: varints and length-delimited fields.

/// A malformed wire-format field: a typed error, never a crash.
public enum WireError: Error, Equatable, Sendable {
    /// The input ended inside a varint or a length-delimited field.
    case truncated
    /// A varint longer than 10 bytes or larger than 64 bits.
    case varintOverflow
    /// A wire type other than varint (0) or length-delimited (2).
    case unsupportedWireType(UInt8)
}

/// Appends protobuf-style fields to a byte buffer.
public struct WireWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Starts a buffer, optionally with a prefix such as a version byte.
    public init(prefix: [UInt8] = []) { bytes = prefix }

    /// Appends a base-128 varint.
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends field `tag` as a varint (wire type 0).
    public mutating func field(_ tag: UInt8, varint value: UInt64) {
        varint(UInt64(tag) << 3 | 0)
        varint(value)
    }

    /// Appends field `tag` as length-delimited bytes (wire type 2).
    public mutating func field(_ tag: UInt8, bytes value: [UInt8]) {
        varint(UInt64(tag) << 3 | 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
}

/// A decoded field value.
public enum WireValue: Equatable, Sendable {
    case varint(UInt64)
    case bytes([UInt8])
}

/// Reads protobuf-style fields; unknown tags are returned for the caller to skip.
public struct WireReader: Sendable {
    private let input: [UInt8]
    private var index: Int

    /// Reads `input` starting at `offset`.
    public init(_ input: [UInt8], offset: Int = 0) {
        self.input = input
        self.index = offset
    }

    /// Whether every byte has been consumed.
    public var isAtEnd: Bool { index >= input.count }

    /// Reads one base-128 varint.
    public mutating func varint() throws(WireError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < input.count else { throw .truncated }
            let byte = input[index]
            index += 1
            if shift == 63 && byte > 1 { throw .varintOverflow }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw .varintOverflow }
        }
    }

    /// Reads the next field: its tag and value.
    public mutating func next() throws(WireError) -> (tag: UInt64, value: WireValue) {
        let key = try varint()
        let tag = key >> 3
        switch key & 7 {
        case 0:
            return (tag, .varint(try varint()))
        case 2:
            let length = try varint()
            guard length <= UInt64(input.count - index) else { throw .truncated }
            let start = index
            index += Int(length)
            return (tag, .bytes(Array(input[start..<index])))
        default:
            throw .unsupportedWireType(UInt8(key & 7))
        }
    }
}
