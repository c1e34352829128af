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
    public static func decode(_ string: String) -> [UInt8]? {
        var s = string
        while s.hasSuffix("=") { s.removeLast() }
        guard s.count % 4 != 1 else { return nil }
        s += String(repeating: "=", count: (4 - s.count % 4) % 4)
        return Data(base64Encoded: s).map { [UInt8]($0) }
    }
}
