/// How `SecretBytes` appear inside a stored snapshot: base64 in the snapshot's JSON (sealed by `SealedPickle`).
import Foundation

extension SecretBytes: Codable {
    /// Decodes base64 bytes; the intermediate `Data` is wiped.
    public init(from decoder: any Decoder) throws {
        var data = try decoder.singleValueContainer().decode(Data.self)
        self.init([UInt8](data))
        data.resetBytes(in: data.startIndex..<data.endIndex)
    }

    /// Encodes the bytes as base64 (the encoder's buffers are not wiped: see docs/E2EE.md).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(bytes))
    }
}
