/// The stored form of an outbound Megolm session (kind `megolm.outbound`, version 1).
import Foundation

extension OutboundGroupSession: Pickleable {
    /// `megolm.outbound`.
    public static let pickleKind = "megolm.outbound"
    /// 1: `{ratchet: {index, value}, seed}`.
    public static let pickleVersion: UInt16 = 1

    enum CodingKeys: String, CodingKey {
        case ratchet
        case seed
    }

    /// Decodes a snapshot; the public key is derived again from the seed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var seed = [UInt8](try c.decode(Data.self, forKey: .seed))
        defer { Primitives.wipe(&seed) }
        do {
            try self.init(ratchet: try c.decode(MegolmRatchet.self, forKey: .ratchet), signingSeed: SecretBytes(seed))
        } catch let error as MegolmError {
            throw DecodingError.dataCorruptedError(forKey: .seed, in: c, debugDescription: "\(error)")
        }
    }

    /// Encodes the ratchet and the Ed25519 seed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ratchet, forKey: .ratchet)
        try c.encode(Data(signingSeed.bytes), forKey: .seed)
    }
}
