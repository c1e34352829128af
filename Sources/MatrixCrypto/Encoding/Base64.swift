/// Matrix's unpadded base64 (the spec's "Unpadded Base64"), accepting padded input too.
public import Foundation

/// Unpadded standard base64 as Matrix uses for keys, signatures and ciphertexts.
public enum UnpaddedBase64 {
    /// Encodes without `=` padding.
    public static func encode(_ bytes: some DataProtocol) -> String {
        var s = Data(bytes).base64EncodedString()
        while s.hasSuffix("=") { s.removeLast() }
        return s
    }

    /// Decodes unpadded (or padded) standard base64; `nil` if it is not base64.
    /// Works on the UTF-8 bytes: `String.count` would walk grapheme clusters, which cost more than
    /// the decoding itself for a Megolm message (non-ASCII input is never base64 and fails anyway).
    public static func decode(_ string: String) -> [UInt8]? {
        var text = Data(string.utf8)
        while text.last == UInt8(ascii: "=") { text.removeLast() }
        guard text.count % 4 != 1 else { return nil }
        text.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - text.count % 4) % 4))
        return Data(base64Encoded: text).map { [UInt8]($0) }
    }
}
