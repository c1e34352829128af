/// Fuzz target `megolm`: mutated Megolm messages, session keys (v2) and exports (v1) never crash the
/// decoders, never forge (only the unmodified message or key is accepted) and never change a session.
import MatrixCrypto

/// SplitMix64: a tiny seeded generator so a failing run is reproducible from its seed.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Bytes that matter to the formats: version bytes, field tags, varint continuation bits.
private let interesting: [UInt8] = [0x00, 0x01, 0x02, 0x03, 0x08, 0x12, 0x7F, 0x80, 0xFF]

/// One to four random edits: bit flips, random bytes, varint-ish bytes, insertions, deletions, truncation.
private func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0 where !bytes.isEmpty: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
        case 1 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
        case 2 where !bytes.isEmpty: bytes[at] = interesting[Int.random(in: 0..<interesting.count, using: &rng)]
        case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
        case 4 where !bytes.isEmpty: bytes.remove(at: at)
        case 5: bytes = Array(bytes.prefix(at))
        default: bytes += (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
    }
    return bytes
}

let megolmFuzzTarget = FuzzTarget(
    name: "megolm",
    summary: "Megolm message, session key (v2) and export (v1) decoders; no crash, no forgery, no state change"
) { iterations, seed in
    var outbound = try OutboundGroupSession()
    let inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
    let message = try outbound.encrypt(Array("fuzz me".utf8)).bytes
    let sessionKey = try outbound.sessionKey().bytes
    let export = try inbound.export(at: 0).bytes
    let corpus: [(MegolmSessionKey.Format?, [UInt8])] = [(nil, message), (.sharing, sessionKey), (.export, export)]
    var rng = SplitMix64(seed: seed)
    for iteration in 0..<iterations {
        let (format, original) = corpus[iteration % corpus.count]
        let input = mutate(original, using: &rng)
        switch format {
        case nil:
            guard let decoded = try? MegolmMessage(bytes: input) else { continue }
            var session = inbound
            if (try? session.decrypt(decoded)) != nil {
                guard input == original else { throw FuzzFailure(description: "forged message accepted: \(input)") }
            } else if session.latestRatchet != inbound.latestRatchet {
                throw FuzzFailure(description: "failed decryption changed the session: \(input)")
            }
        case .sharing?:
            if (try? MegolmSessionKey(bytes: input, format: .sharing)) != nil, input != original {
                throw FuzzFailure(description: "forged session key accepted: \(input)")
            }
        case .export?:
            if let key = try? MegolmSessionKey(bytes: input, format: .export), key.bytes != input {
                throw FuzzFailure(description: "export does not re-encode to its input: \(input)")
            }
        }
        _ = try? MegolmMessage(base64: String(decoding: input, as: UTF8.self))
    }
}
