/// A bounded mutation-fuzz run of the Olm message decoders and session decryption (fixed seed).
import MatrixCrypto
import Testing

@Suite struct OlmFuzzTests {
    @Test func twentyThousandMutatedMessagesAreRejectedSafely() throws {
        var fuzzer = try OlmFuzzer(seed: 0x0_1D5E_ED)
        try fuzzer.run(iterations: 20_000)
        // The mutations are shallow enough that a good share reaches the MAC check, not just the decoder.
        #expect(fuzzer.decryptAttempts > 5_000)
    }
}
