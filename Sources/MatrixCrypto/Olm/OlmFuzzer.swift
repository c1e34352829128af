/// Mutation fuzzing of the Olm decoders and session decryption, shared by the suite's bounded run and
/// `prx-matrix-fuzz olm`: mutated messages must be rejected with a typed error, never decrypt unless
/// they are the genuine message, and never change the session when rejected.
import Foundation

/// A property that a fuzz input broke, with the input to reproduce it.
public struct OlmFuzzFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let property: String
    /// The offending input, unpadded base64.
    public let input: String

    /// The property and input.
    public var description: String { "\(property); input \(input)" }
}

/// A deterministic mutation fuzzer over one real session pair (seeded, so a failure can be replayed).
public struct OlmFuzzer {
    private var random: SplitMix64
    private let receiver: OlmSession
    private let receiverSnapshot: [UInt8]
    /// Genuine inputs: a pre-key message and the normal message it embeds.
    private let seeds: [[UInt8]]
    private let plaintext: [UInt8]
    private var count = 0
    /// How many inputs decoded as a message and so reached session decryption (a measure of depth).
    public private(set) var decryptAttempts = 0

    /// Sets up Alice → Bob with a second, undelivered pre-key message as the seed.
    public init(seed: UInt64) throws {
        random = SplitMix64(seed: seed)
        var bob = try OlmAccount()
        try bob.generateOneTimeKeys(1)
        guard let otk = bob.unpublishedOneTimeKeys.values.first else {
            throw OlmError.missingOrInvalidField(field: "one-time key")
        }
        let alice = try OlmAccount()
        var outbound = try alice.createOutboundSession(theirIdentityKey: bob.curve25519Key, theirOneTimeKey: otk)
        guard case .preKey(let first) = try outbound.encrypt(Array("first".utf8)) else {
            throw OlmError.sessionMismatch
        }
        receiver = try bob.createInboundSession(theirIdentityKey: alice.curve25519Key, message: first).session
        plaintext = Array("the second message, long enough to span two AES blocks".utf8)
        guard case .preKey(let second) = try outbound.encrypt(plaintext) else { throw OlmError.sessionMismatch }
        seeds = [second.bytes, second.message.bytes]
        receiverSnapshot = try Self.snapshot(receiver)
    }

    private static func snapshot(_ session: OlmSession) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return [UInt8](try encoder.encode(session))
    }

    /// Runs `iterations` mutated inputs; throws the first broken property.
    public mutating func run(iterations: Int) throws {
        for _ in 0..<iterations { try runOne(mutate()) }
    }

    private mutating func runOne(_ input: [UInt8]) throws {
        count += 1
        for type in [0, 1] {
            guard let message = try? OlmMessage(type: type, body: UnpaddedBase64.encode(input)) else { continue }
            var session = receiver
            decryptAttempts += 1
            do {
                let output = try session.decrypt(message)
                // The MAC covers every byte: only the genuine message (or a pre-key wrapper of it with
                // the same keys) may decrypt, and to the genuine plaintext.
                let inner: [UInt8]
                switch message {
                case .normal(let normal): inner = normal.bytes
                case .preKey(let preKey): inner = preKey.message.bytes
                }
                guard inner == seeds[1], output == plaintext else {
                    throw OlmFuzzFailure(property: "a mutated message decrypted", input: UnpaddedBase64.encode(input))
                }
            } catch is OlmError {
                // Rejected: the session must be unchanged (checked on a sample, it costs an encoding).
                if count % 16 == 0, try Self.snapshot(session) != receiverSnapshot {
                    throw OlmFuzzFailure(
                        property: "a rejected message changed the session", input: UnpaddedBase64.encode(input))
                }
            }
        }
    }

    /// One mutated input: a seed with one edit (most often) or 2-4, or random bytes.
    private mutating func mutate() -> [UInt8] {
        var bytes = seeds[random.below(seeds.count)]
        if random.below(16) == 0 { return (0..<random.below(160)).map { _ in random.byte() } }
        let edits = random.below(4) == 0 ? 2 + random.below(3) : 1
        for _ in 0..<edits {
            let position = bytes.isEmpty ? 0 : random.below(bytes.count)
            switch random.below(10) {
            case 0...2 where !bytes.isEmpty: bytes[position] ^= 1 << UInt8(random.below(8))
            case 3...4 where !bytes.isEmpty: bytes[position] = random.byte()
            case 5: bytes = Array(bytes.prefix(position))
            case 6: bytes.insert(contentsOf: (0..<random.below(12)).map { _ in random.byte() }, at: position)
            case 7 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.below(8)))
            case 8: bytes.insert(contentsOf: [UInt8](repeating: 0xFF, count: 1 + random.below(12)), at: position)
            default:
                let other = seeds[random.below(seeds.count)]
                let start = random.below(other.count)
                bytes.insert(contentsOf: other[start..<min(other.count, start + random.below(40))], at: position)
            }
        }
        return bytes
    }
}

/// SplitMix64: a tiny deterministic generator for reproducible fuzz inputs (not for keys).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}
