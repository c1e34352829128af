/// Signing and verifying Matrix JSON (spec appendix "Signing JSON"): canonical JSON without
/// `signatures` and `unsigned`, Ed25519, unpadded base64 under `signatures.{user_id}.{key_id}`.
public import Shared

/// Why signed JSON was rejected.
public enum SignedJSONError: Error, Equatable, Sendable {
    /// The value to sign or verify is not a JSON object.
    case notAnObject
    /// No signature by `keyID` from `userID` is present (or it is not a string).
    case missingSignature(userID: String, keyID: String)
    /// The signature is not unpadded base64 of 64 bytes.
    case malformedSignature(userID: String, keyID: String)
    /// The signature does not verify: the object was altered or signed by another key.
    case invalidSignature(userID: String, keyID: String)
    /// The object has no canonical form (e.g. a float); see the wrapped error.
    case notCanonical(CanonicalJSONError)
}

/// The bytes a Matrix signature covers: the canonical JSON of `object` without `signatures` and `unsigned`.
public func signableBytes(of object: JSONValue) throws(SignedJSONError) -> [UInt8] {
    guard var members = object.objectValue else { throw .notAnObject }
    members["signatures"] = nil
    members["unsigned"] = nil
    do {
        return try CanonicalJSON.encode(.object(members))
    } catch {
        throw .notCanonical(error)
    }
}

/// Returns `object` with a signature by `key` added under `signatures.{userID}.{keyID}` (other
/// signatures and `unsigned` are kept), e.g. `keyID` = `"ed25519:DEVICEID"`.
public func signJSON(_ object: JSONValue, userID: String, keyID: String, key: Ed25519KeyPair) throws -> JSONValue {
    let signature = try key.sign(try signableBytes(of: object))
    guard var members = object.objectValue else { throw SignedJSONError.notAnObject }
    var signatures = members["signatures"]?.objectValue ?? [:]
    var mine = signatures[userID]?.objectValue ?? [:]
    mine[keyID] = .string(UnpaddedBase64.encode(signature))
    signatures[userID] = .object(mine)
    members["signatures"] = .object(signatures)
    return .object(members)
}

/// Checks the signature by `keyID` of `userID` on `object` with `publicKey`; throws why it fails.
public func verifySignedJSON(
    _ object: JSONValue, userID: String, keyID: String, publicKey: Ed25519PublicKey
) throws(SignedJSONError) {
    guard case .string(let encoded) = object["signatures"]?[userID]?[keyID] else {
        throw .missingSignature(userID: userID, keyID: keyID)
    }
    guard let signature = UnpaddedBase64.decode(encoded), signature.count == 64 else {
        throw .malformedSignature(userID: userID, keyID: keyID)
    }
    guard publicKey.verify(try signableBytes(of: object), signature: signature) else {
        throw .invalidSignature(userID: userID, keyID: keyID)
    }
}
