/// `OlmAccount`: a device's long-term keys, its one-time and fallback keys, and Olm session creation.
public import Shared

/// A one-time or fallback key the account holds, with its id and whether it was uploaded.
struct OlmOneTimeKey: Codable, Sendable {
    let id: UInt64
    let keyPair: Curve25519KeyPair
    var published: Bool

    /// The key id in `/keys/upload`: unpadded base64 of the id as 8 big-endian bytes (as vodozemac).
    var keyID: String { UnpaddedBase64.encode((0..<8).reversed().map { UInt8(truncatingIfNeeded: id >> ($0 * 8)) }) }
}

/// A device's Olm account: Curve25519 identity key, Ed25519 fingerprint key, one-time keys and fallback
/// keys. A value type whose `Codable` form is the snapshot to store (inside the encrypted-at-rest
/// envelope: it holds private keys).
public struct OlmAccount: Codable, Sendable {
    /// One-time keys to publish at most at once (vodozemac `PUBLIC_MAX_ONE_TIME_KEYS` = 50).
    public static let maxPublishedOneTimeKeys = 50
    /// Private one-time keys kept; generating more drops the oldest (vodozemac keeps 100 × 50).
    public static let maxStoredOneTimeKeys = 100 * maxPublishedOneTimeKeys
    /// The algorithms this device announces in its device keys.
    public static let algorithms = ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"]

    let identityKey: Curve25519KeyPair
    let signingKey: Ed25519KeyPair
    /// Oldest first (ids increase).
    var oneTimeKeys: [OlmOneTimeKey] = []
    private var nextKeyID: UInt64 = 0
    private(set) var fallbackKey: OlmOneTimeKey?
    private(set) var previousFallbackKey: OlmOneTimeKey?

    /// A new account with fresh identity and fingerprint keys (fails only if libsodium is unavailable).
    public init() throws {
        identityKey = try Curve25519KeyPair.generate()
        signingKey = try Ed25519KeyPair.generate()
    }

    /// The Curve25519 identity key (`curve25519:DEVICE`, the `sender_key` of Olm events).
    public var curve25519Key: Curve25519PublicKey { identityKey.publicKey }

    /// The Ed25519 fingerprint key (`ed25519:DEVICE`) that signs device and one-time keys.
    public var ed25519Key: Ed25519PublicKey { signingKey.publicKey }

    /// Signs raw bytes with the fingerprint key.
    public func sign(_ message: [UInt8]) throws -> [UInt8] { try signingKey.sign(message) }

    /// Signs a JSON object as this device (`signatures.{userID}.ed25519:{deviceID}`).
    public func signJSON(_ object: JSONValue, userID: String, deviceID: String) throws -> JSONValue {
        try MatrixCrypto.signJSON(object, userID: userID, keyID: "ed25519:\(deviceID)", key: signingKey)
    }

    /// The signed `device_keys` object of `/keys/upload`.
    public func deviceKeys(userID: String, deviceID: String) throws -> JSONValue {
        let object: JSONValue = .object([
            "algorithms": .array(Self.algorithms.map(JSONValue.string)),
            "device_id": .string(deviceID),
            "keys": .object([
                "curve25519:\(deviceID)": .string(curve25519Key.base64),
                "ed25519:\(deviceID)": .string(ed25519Key.base64),
            ]),
            "user_id": .string(userID),
        ])
        return try signJSON(object, userID: userID, deviceID: deviceID)
    }

    // MARK: One-time keys

    /// Generates `count` one-time keys; beyond ``maxStoredOneTimeKeys`` the oldest are dropped.
    /// Returns the public keys that were dropped.
    @discardableResult
    public mutating func generateOneTimeKeys(_ count: Int) throws -> [Curve25519PublicKey] {
        for _ in 0..<max(count, 0) {
            oneTimeKeys.append(OlmOneTimeKey(id: nextKeyID, keyPair: try .generate(), published: false))
            nextKeyID &+= 1
        }
        let excess = max(oneTimeKeys.count - Self.maxStoredOneTimeKeys, 0)
        let dropped = oneTimeKeys.prefix(excess).map(\.keyPair.publicKey)
        oneTimeKeys.removeFirst(excess)
        return dropped
    }

    /// The one-time keys not yet published, by key id.
    public var unpublishedOneTimeKeys: [String: Curve25519PublicKey] {
        Dictionary(uniqueKeysWithValues: oneTimeKeys.filter { !$0.published }.map { ($0.keyID, $0.keyPair.publicKey) })
    }

    /// The number of one-time keys held (published or not), for topping up against the server's count.
    public var storedOneTimeKeyCount: Int { oneTimeKeys.count }

    /// The `one_time_keys` object of `/keys/upload`: each unpublished key as `signed_curve25519:ID` →
    /// `{"key": ..., "signatures": ...}`.
    public func signedOneTimeKeys(userID: String, deviceID: String) throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for key in oneTimeKeys where !key.published {
            out["signed_curve25519:\(key.keyID)"] = try signJSON(
                .object(["key": .string(key.keyPair.publicKey.base64)]), userID: userID, deviceID: deviceID)
        }
        return out
    }

    // MARK: Fallback keys

    /// Generates a new fallback key; the current one becomes the previous one (still usable until
    /// ``forgetPreviousFallbackKey()``). Returns the new public key.
    @discardableResult
    public mutating func generateFallbackKey() throws -> Curve25519PublicKey {
        let key = OlmOneTimeKey(id: nextKeyID, keyPair: try .generate(), published: false)
        nextKeyID &+= 1
        previousFallbackKey = fallbackKey
        fallbackKey = key
        return key.keyPair.publicKey
    }

    /// The current fallback key if it is not yet published, by key id.
    public var unpublishedFallbackKey: [String: Curve25519PublicKey] {
        guard let key = fallbackKey, !key.published else { return [:] }
        return [key.keyID: key.keyPair.publicKey]
    }

    /// The `fallback_keys` object of `/keys/upload`: the unpublished current fallback key as
    /// `signed_curve25519:ID` → `{"fallback": true, "key": ..., "signatures": ...}`.
    public func signedFallbackKeys(userID: String, deviceID: String) throws -> [String: JSONValue] {
        guard let key = fallbackKey, !key.published else { return [:] }
        let object: JSONValue = .object(["key": .string(key.keyPair.publicKey.base64), "fallback": .bool(true)])
        return ["signed_curve25519:\(key.keyID)": try signJSON(object, userID: userID, deviceID: deviceID)]
    }

    /// Forgets the previous fallback key (once the new one has been in use long enough).
    public mutating func forgetPreviousFallbackKey() { previousFallbackKey = nil }

    /// Marks every one-time key and the fallback key as published (after a successful upload).
    public mutating func markKeysAsPublished() {
        for index in oneTimeKeys.indices { oneTimeKeys[index].published = true }
        fallbackKey?.published = true
    }
}
