/// The `olm` fuzz target: mutated Olm normal and pre-key messages through the decoders and a session.
import MatrixCrypto

extension FuzzTarget {
    /// Olm message decoders and session decryption (see `OlmFuzzer` for the properties checked).
    static let olm = FuzzTarget(
        name: "olm",
        summary: "Olm normal/pre-key message decoders and session decrypt on mutated messages"
    ) { iterations, seed in
        var fuzzer = try OlmFuzzer(seed: seed)
        try fuzzer.run(iterations: iterations)
    }
}
