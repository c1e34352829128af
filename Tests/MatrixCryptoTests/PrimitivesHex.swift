/// Hex helpers for the known-answer tests (RFC vectors are printed in hex).

/// Hex conversion for test vectors; malformed hex in a vector is a test bug and fails loudly.
enum PrimitivesHex {
    /// The bytes of a hex string (whitespace ignored).
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace }.utf8)
        precondition(digits.count % 2 == 0, "odd-length hex in a test vector")
        return stride(from: 0, to: digits.count, by: 2).map { i in
            guard let byte = UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16) else {
                preconditionFailure("bad hex in a test vector")
            }
            return byte
        }
    }

    /// Lower-case hex of `bytes`.
    static func string(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
