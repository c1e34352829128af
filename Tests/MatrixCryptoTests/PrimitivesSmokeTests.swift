/// First checks that the primitives link and agree with well-known answers.
import Foundation
import MatrixCrypto
import Testing

@Test func sha256OfEmptyString() {
    let hex = Primitives.sha256([UInt8]()).map { String(format: "%02x", $0) }.joined()
    #expect(hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
}
