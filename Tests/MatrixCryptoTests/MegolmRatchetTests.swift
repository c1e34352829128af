/// The Megolm ratchet against the spec's definition: H_j = HMAC(R, [j]), reseeding every 2^8/2^16/2^24.
import MatrixCrypto
import Testing

@Suite("Megolm ratchet")
struct MegolmRatchetTests {
    static func parts(_ r: MegolmRatchet) -> [[UInt8]] {
        (0..<4).map { Array(r.value.bytes[$0 * 32..<($0 + 1) * 32]) }
    }

    static func start(at index: UInt32 = 0) throws -> (MegolmRatchet, [[UInt8]]) {
        let bytes = (0..<128).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let r = try MegolmRatchet(index: index, value: SecretBytes(bytes))
        return (r, parts(r))
    }

    static func hash(_ key: [UInt8], _ j: UInt8) -> [UInt8] { Primitives.hmacSHA256(key: key, data: [j]) }

    @Test("One step rehashes only R(i,3) with H_3")
    func oneStep() throws {
        var (r, p) = try Self.start()
        try r.advance()
        #expect(r.index == 1)
        #expect(Self.parts(r) == [p[0], p[1], p[2], Self.hash(p[3], 3)])
    }

    @Test("At i = 2^8 R(i,2) is rehashed with H_2 and R(i,3) reseeded from it with H_3")
    func step256() throws {
        var (r, p) = try Self.start()
        try r.advance(to: 256)
        #expect(Self.parts(r) == [p[0], p[1], Self.hash(p[2], 2), Self.hash(p[2], 3)])
    }

    @Test("At i = 2^16 and 2^24 the higher parts reseed every lower part")
    func step65536And2pow24() throws {
        var (r, p) = try Self.start()
        try r.advance(to: 1 << 16)
        #expect(Self.parts(r) == [p[0], Self.hash(p[1], 1), Self.hash(p[1], 2), Self.hash(p[1], 3)])
        var (s, q) = try Self.start()
        try s.advance(to: 1 << 24)
        #expect(Self.parts(s) == [Self.hash(q[0], 0), Self.hash(q[0], 1), Self.hash(q[0], 2), Self.hash(q[0], 3)])
    }

    @Test(
        "Jumping to an index equals stepping one by one",
        arguments: [
            (UInt32(0), UInt32(700)), (250, 1030), (255, 256), (65_530, 65_800), (0x00FF_FF00, 0x0100_0105),
        ])
    func jumpEqualsSteps(from: UInt32, to: UInt32) throws {
        var (stepped, _) = try Self.start(at: from)
        var jumped = stepped
        while stepped.index < to { try stepped.advance() }
        try jumped.advance(to: to)
        #expect(jumped == stepped)
        #expect(jumped.index == to)
    }

    @Test("Composed jumps equal one jump, far indexes included")
    func composedJumps() throws {
        var (a, _) = try Self.start()
        var b = a
        try a.advance(to: 0x0302_0100)
        try a.advance(to: 0xFFFF_FFFF)
        try b.advance(to: 0xFFFF_FFFF)
        #expect(a == b)
        #expect(throws: MegolmError.ratchetExhausted) { try b.advance() }
    }

    @Test("The ratchet never moves backwards and rejects a wrong length")
    func backwardsAndLength() throws {
        var (r, _) = try Self.start(at: 10)
        #expect(throws: MegolmError.cannotRatchetBackwards(from: 10, to: 9)) { try r.advance(to: 9) }
        #expect(throws: MegolmError.badLength(what: "Megolm ratchet", expected: 128, got: 127)) {
            try MegolmRatchet(index: 0, value: SecretBytes([UInt8](repeating: 1, count: 127)))
        }
    }
}
