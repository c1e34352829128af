/// The Megolm ratchet: four 256-bit parts R(i,0..3) and the 32-bit counter i (megolm.md).

/// The Megolm ratchet at index ``index``. It only moves forwards; any later index is reachable in
/// at most 4 × 255 HMAC computations.
public struct MegolmRatchet: Sendable, Equatable {
    /// Bytes in one part R(i,j).
    public static let partLength = 32
    /// Bytes in the whole ratchet value R(i) (the four parts concatenated).
    public static let length = 4 * partLength

    /// The counter i.
    public private(set) var index: UInt32
    /// R(i,0) ‖ R(i,1) ‖ R(i,2) ‖ R(i,3).
    public private(set) var value: SecretBytes

    /// A ratchet from its parts; `value` must be 128 bytes.
    public init(index: UInt32, value: SecretBytes) throws(MegolmError) {
        guard value.count == Self.length else {
            throw .badLength(what: "Megolm ratchet", expected: Self.length, got: value.count)
        }
        self.index = index
        self.value = value
    }

    /// A fresh ratchet of 1024 random bits at index 0.
    public static func random() -> MegolmRatchet {
        // The length is right by construction.
        MegolmRatchet(uncheckedIndex: 0, value: SecretBytes.random(count: length))
    }

    private init(uncheckedIndex: UInt32, value: SecretBytes) {
        self.index = uncheckedIndex
        self.value = value
    }

    /// Advances by one step (after each encrypted message).
    public mutating func advance() throws(MegolmError) {
        guard index < UInt32.max else { throw .ratchetExhausted }
        try advance(to: index + 1)
    }

    /// Advances to `target`, which must not be before ``index``.
    ///
    /// Part j changes every 2^(8(3-j)) steps. For each part from the most significant, count how many
    /// times its byte of the counter ticks between here and `target`: all but the last tick rehash
    /// R(j) from itself (H_j), the last tick also reseeds R(j+1)..R(3) from R(j) (H_k), after which
    /// the lower counter bytes are zero and the next part counts from there.
    public mutating func advance(to target: UInt32) throws(MegolmError) {
        guard target >= index else { throw .cannotRatchetBackwards(from: index, to: target) }
        guard target != index else { return }
        var current = index
        value.mutate { bytes in
            for part in 0..<4 {
                let shift = UInt32(8 * (3 - part))
                let ticks = Int(((target >> shift) &- (current >> shift)) & 0xFF)
                guard ticks > 0 else { continue }
                for _ in 1..<ticks { Self.rehash(&bytes, from: part, into: part) }
                // Reseed the lower parts from R(part) before R(part) itself moves on.
                for lower in stride(from: 3, through: part, by: -1) { Self.rehash(&bytes, from: part, into: lower) }
                current = target & (UInt32.max << shift)
            }
        }
        index = target
    }

    /// R(into) = HMAC-SHA-256(key: R(from), data: [into]) — H_0..H_3 of the spec.
    private static func rehash(_ bytes: inout [UInt8], from: Int, into: Int) {
        let key = bytes[from * partLength..<(from + 1) * partLength]
        var next = Primitives.hmacSHA256(key: key, data: [UInt8(into)])
        bytes.replaceSubrange(into * partLength..<(into + 1) * partLength, with: next)
        Primitives.wipe(&next)
    }

    /// The keys for the message at ``index``: HKDF-SHA-256(salt: none, IKM: R(i), info: "MEGOLM_KEYS", 80)
    /// split as AES key (32) ‖ HMAC key (32) ‖ AES IV (16).
    func messageKeys() -> MegolmMessageKeys {
        MegolmMessageKeys(ratchetValue: value.bytes)
    }
}
