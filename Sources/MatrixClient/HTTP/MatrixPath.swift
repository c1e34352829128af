/// Paths of Client-Server API endpoints, built from segments percent-escaped one by one.

/// An endpoint path such as `/_matrix/client/v3/rooms/%21r%3Ahs/send/m.room.message/t1`.
///
/// Every segment is escaped on its own, so room ids (`!`), event ids (`$`), user ids (`@`, `:`),
/// aliases (`#`) and transaction ids containing `/` or `?` can never change the shape of the path.
public struct MatrixPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as sent, already escaped, starting with `/`.
    public let escaped: String

    /// `/_matrix/client/v3/` followed by `segments`, each escaped.
    public static func v3(_ segments: String...) -> MatrixPath {
        MatrixPath(prefix: "/_matrix/client/v3", segments: segments)
    }

    /// `prefix` (taken as already escaped, e.g. `/_synapse/admin/v1`) followed by escaped `segments`.
    public init(prefix: String, segments: [String]) {
        escaped = ([prefix] + segments.map(MatrixPath.escape)).joined(separator: "/")
    }

    /// The path as sent.
    public var description: String { escaped }

    /// `segment` with everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) escaped.
    public static func escape(_ segment: String) -> String {
        var out = ""
        out.reserveCapacity(segment.utf8.count)
        for byte in segment.utf8 {
            if isUnreserved(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// `key=value&…` with keys and values escaped like path segments (so `+` never turns into a space).
    static func query(_ items: [(String, String)]) -> String {
        items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
