/// Olm benchmarks: session creation with the first pre-key decrypt, and an encrypt/decrypt round trip.
import MatrixCrypto

extension Benchmark {
    /// Bob makes one one-time key, Alice creates an outbound session to it and encrypts "hello", Bob
    /// creates the inbound session from that pre-key message (as olm_peer.py `bench` does).
    static let olmSession = Benchmark(
        name: "olm-session", summary: "Olm outbound session creation + first pre-key decrypt by the inbound side"
    ) { iterations in
        let alice = try OlmAccount()
        var bob = try OlmAccount()
        for _ in 0..<iterations {
            try bob.generateOneTimeKeys(1)
            guard let otk = bob.unpublishedOneTimeKeys.values.first else { throw OlmError.sessionMismatch }
            bob.markKeysAsPublished()
            var outbound = try alice.createOutboundSession(theirIdentityKey: bob.curve25519Key, theirOneTimeKey: otk)
            guard case .preKey(let message) = try outbound.encrypt(Array("hello".utf8)) else {
                throw OlmError.sessionMismatch
            }
            _ = try bob.createInboundSession(theirIdentityKey: alice.curve25519Key, message: message)
        }
        return iterations
    }

    /// Encrypt + decrypt of a 100-byte message in an established session (both sides have spoken).
    static let olmRoundtrip = Benchmark(
        name: "olm-roundtrip", summary: "Olm encrypt + decrypt of a 100-byte message in an established session"
    ) { iterations in
        let alice = try OlmAccount()
        var bob = try OlmAccount()
        try bob.generateOneTimeKeys(1)
        guard let otk = bob.unpublishedOneTimeKeys.values.first else { throw OlmError.sessionMismatch }
        var outbound = try alice.createOutboundSession(theirIdentityKey: bob.curve25519Key, theirOneTimeKey: otk)
        guard case .preKey(let first) = try outbound.encrypt(Array("hello".utf8)) else {
            throw OlmError.sessionMismatch
        }
        var (inbound, _) = try bob.createInboundSession(theirIdentityKey: alice.curve25519Key, message: first)
        _ = try outbound.decrypt(inbound.encrypt(Array("reply".utf8)))
        let payload = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
        for _ in 0..<iterations {
            _ = try inbound.decrypt(outbound.encrypt(payload))
        }
        return iterations
    }
}
