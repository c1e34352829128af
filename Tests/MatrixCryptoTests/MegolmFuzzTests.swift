/// A bounded, seeded fuzz of the Megolm decoders in the suite (the long run is `prx-matrix-fuzz megolm`):
/// 20 000 mutated messages, session keys and exports; no crash, no forgery, no state change.
import MatrixCrypto
import Testing
import TestSupport

@Suite("Megolm fuzz (bounded)")
struct MegolmFuzzTests {
    /// xorshift64*: deterministic from the fixed seed, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    static func mutate(_ input: [UInt8], _ rng: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where at < bytes.count: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where at < bytes.count: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: min(at, bytes.count))
            case 3: bytes = Array(bytes.prefix(at))
            default: bytes.append(contentsOf: [0x80, 0x80, UInt8.random(in: 0...255, using: &rng)])
            }
        }
        return bytes
    }

    @Test("20 000 mutated inputs (seed 0x5EED): decoders throw MegolmError or accept only the original")
    func fuzzDecoders() async throws {
        // Seconds of CPU in a debug build: on a thread of its own, not the cooperative pool's; what breaks a
        // property is collected there and expected here, on the test's task.
        let (violations, accepted) = try await offCooperativePool { try Self.fuzz(iterations: 20_000) }
        #expect(violations.isEmpty, "\(violations.count) violations, first: \(violations.prefix(3))")
        // Exports are unsigned: mutations inside the ratchet bytes still decode, so some are accepted.
        #expect(accepted > 0)
    }

    /// Mutates a message, a session key and an export in turn; returns what broke a property, and how many
    /// mutated inputs were accepted.
    static func fuzz(iterations: Int) throws -> (violations: [String], accepted: Int) {
        var outbound = try OutboundGroupSession()
        let inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
        let message = try outbound.encrypt(Array("fuzz".utf8)).bytes
        let sessionKey = try outbound.sessionKey().bytes
        let export = try inbound.export(at: 0).bytes
        var rng = Generator(state: 0x5EED)
        var accepted = 0
        var violations: [String] = []
        for iteration in 0..<iterations {
            switch iteration % 3 {
            case 0:
                let input = mutate(message, &rng)
                var session = inbound
                do {
                    _ = try session.decrypt(MegolmMessage(bytes: input))
                    if input != message { violations.append("iteration \(iteration): a mutated message decrypted") }
                    accepted += 1
                } catch {
                    if session.latestRatchet != inbound.latestRatchet {
                        violations.append("iteration \(iteration): a rejected message changed the session")
                    }
                }
            case 1:
                let input = mutate(sessionKey, &rng)
                if (try? MegolmSessionKey(bytes: input, format: .sharing)) != nil {
                    if input != sessionKey {
                        violations.append("iteration \(iteration): a mutated session key verified")
                    }
                    accepted += 1
                }
            default:
                let input = mutate(export, &rng)
                if let key = try? MegolmSessionKey(bytes: input, format: .export) {
                    if key.bytes != input {
                        violations.append("iteration \(iteration): an export decoded to other bytes")
                    }
                    accepted += 1
                }
            }
        }
        return (violations, accepted)
    }
}
