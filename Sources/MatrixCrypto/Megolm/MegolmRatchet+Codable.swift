/// How a Megolm ratchet appears inside a stored snapshot: its index and its 128 bytes.
import Foundation

extension MegolmRatchet: Codable {
    enum CodingKeys: String, CodingKey {
        case index
        case value
    }

    /// Decodes and checks the length (a wrong length is a `DecodingError`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var value = [UInt8](try c.decode(Data.self, forKey: .value))
        defer { Primitives.wipe(&value) }
        do {
            try self.init(index: try c.decode(UInt32.self, forKey: .index), value: SecretBytes(value))
        } catch let error as MegolmError {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "\(error)")
        }
    }

    /// Encodes index and value (the value as base64 in JSON).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(Data(value.bytes), forKey: .value)
    }
}
