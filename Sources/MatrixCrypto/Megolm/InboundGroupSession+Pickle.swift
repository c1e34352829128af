/// The stored form of an inbound Megolm session (kind `megolm.inbound`, version 1).
import Foundation

extension InboundGroupSession: Pickleable {
    /// `megolm.inbound`.
    public static let pickleKind = "megolm.inbound"
    /// 1: `{initial, latest, signing_key, verified}`.
    public static let pickleVersion: UInt16 = 1

    enum CodingKeys: String, CodingKey {
        case initial
        case latest
        case signingKey = "signing_key"
        case verified
    }

    /// Decodes a snapshot and checks its consistency (key length, latest not before initial).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                initial: try c.decode(MegolmRatchet.self, forKey: .initial),
                latest: try c.decode(MegolmRatchet.self, forKey: .latest),
                signingPublicKey: [UInt8](try c.decode(Data.self, forKey: .signingKey)),
                isVerified: try c.decode(Bool.self, forKey: .verified))
        } catch let error as MegolmError {
            throw DecodingError.dataCorruptedError(forKey: .signingKey, in: c, debugDescription: "\(error)")
        }
    }

    /// Encodes both ratchets, the public key and the verified flag.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(initialRatchet, forKey: .initial)
        try c.encode(latestRatchet, forKey: .latest)
        try c.encode(Data(signingPublicKey), forKey: .signingKey)
        try c.encode(isVerified, forKey: .verified)
    }
}
