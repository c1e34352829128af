/// `OlmSession`: one Olm double-ratchet session between two devices (olm.md), sans-I/O and `Codable`.

/// The three public keys that established a session; their SHA-256 is the session id.
public struct OlmSessionKeys: Hashable, Codable, Sendable {
    /// The initiator's (Alice's) identity key I_A.
    public let identityKey: Curve25519PublicKey
    /// The initiator's single-use base key E_A.
    public let baseKey: Curve25519PublicKey
    /// The recipient's (Bob's) one-time or fallback key E_B.
    public let oneTimeKey: Curve25519PublicKey

    /// The session id as libolm and vodozemac compute it: unpadded base64 of SHA-256(I_A ‖ E_A ‖ E_B).
    public var sessionID: String {
        UnpaddedBase64.encode(Primitives.sha256(identityKey.bytes + baseKey.bytes + oneTimeKey.bytes))
    }
}

/// An Olm session. A value type: `encrypt` and `decrypt` are `mutating`, and `decrypt` works on a copy
/// that replaces `self` only when the message authenticated and decrypted, so a failure changes nothing.
/// Its `Codable` form is the snapshot to store (inside the encrypted-at-rest envelope: it holds secrets).
public struct OlmSession: Codable, Sendable {
    /// The protocol version byte of every Olm v1 message.
    public static let protocolVersion: UInt8 = 0x03
    /// Receiving chains kept; the oldest is dropped beyond this (vodozemac `MAX_RECEIVING_CHAINS` = 5).
    public static let maxReceiverChains = 5
    /// Skipped message keys kept per receiving chain, oldest dropped (vodozemac `MAX_MESSAGE_KEYS` = 40).
    public static let maxSkippedKeysPerChain = 40
    /// The largest jump in chain index accepted in one message (vodozemac `MAX_MESSAGE_GAP` = 2000).
    public static let maxMessageGap: UInt64 = 2000

    /// The keys that established the session.
    public let sessionKeys: OlmSessionKeys
    private var rootKey: SecretBytes
    private var senderChain: OlmSenderChain?
    /// Oldest first.
    private var receiverChains: [OlmReceiverChain]
    /// Whether a message from the other side has been decrypted; until then Alice sends pre-key messages.
    public private(set) var hasReceivedMessage: Bool

    /// The session id (unpadded base64 SHA-256 of the session keys), equal on both sides.
    public var sessionID: String { sessionKeys.sessionID }

    /// Whether `message` was sent on this session (same identity, base and one-time keys): used to route
    /// repeated pre-key messages to the inbound session they created.
    public func matches(preKeyMessage message: OlmPreKeyMessage) -> Bool {
        message.sessionKeys == sessionKeys
    }

    /// Alice's side: 3DH with Bob's identity and one-time keys, a fresh base key and ratchet key.
    init(ourIdentity: Curve25519KeyPair, theirIdentityKey: Curve25519PublicKey, theirOneTimeKey: Curve25519PublicKey)
        throws(OlmError)
    {
        do {
            let baseKey = try Curve25519KeyPair.generate()
            let ratchetKey = try Curve25519KeyPair.generate()
            let secret =
                try ourIdentity.diffieHellman(theirOneTimeKey) + baseKey.diffieHellman(theirIdentityKey)
                + baseKey.diffieHellman(theirOneTimeKey)
            let (root, chain) = Self.initialKeys(sharedSecret: secret)
            sessionKeys = OlmSessionKeys(
                identityKey: ourIdentity.publicKey, baseKey: baseKey.publicKey, oneTimeKey: theirOneTimeKey)
            rootKey = root
            senderChain = OlmSenderChain(ratchetKey: ratchetKey, chainKey: OlmChainKey(key: chain, index: 0))
            receiverChains = []
            hasReceivedMessage = false
        } catch {
            throw .keyAgreementFailed
        }
    }

    /// Bob's side, before decrypting: 3DH from the pre-key message and our one-time key; the message's
    /// ratchet key starts the first receiving chain.
    init(ourIdentity: Curve25519KeyPair, ourOneTimeKey: Curve25519KeyPair, message: OlmPreKeyMessage)
        throws(OlmError)
    {
        do {
            let secret =
                try ourOneTimeKey.diffieHellman(message.identityKey) + ourIdentity.diffieHellman(message.baseKey)
                + ourOneTimeKey.diffieHellman(message.baseKey)
            let (root, chain) = Self.initialKeys(sharedSecret: secret)
            sessionKeys = message.sessionKeys
            rootKey = root
            senderChain = nil
            receiverChains = [
                OlmReceiverChain(ratchetKey: message.message.ratchetKey, chainKey: OlmChainKey(key: chain, index: 0))
            ]
            hasReceivedMessage = true
        } catch {
            throw .keyAgreementFailed
        }
    }

    /// R_0 ‖ C_0,0 = HKDF(0, S, "OLM_ROOT", 64); the shared secret is wiped.
    private static func initialKeys(sharedSecret: consuming [UInt8]) -> (root: SecretBytes, chain: SecretBytes) {
        defer { Primitives.wipe(&sharedSecret) }
        return OlmKDF.split(
            Primitives.hkdfSHA256(inputKeyMaterial: sharedSecret, salt: [UInt8](), info: OlmKDF.rootInfo, length: 64))
    }

    /// Encrypts `plaintext`: a pre-key message until the other side has been heard from, then normal
    /// messages. Starts a new sending chain (a ratchet step) when the last one was retired.
    public mutating func encrypt(_ plaintext: some Sequence<UInt8>) throws -> OlmMessage {
        var root = rootKey
        var chain: OlmSenderChain
        if let current = senderChain {
            chain = current
        } else {
            // Bob before his first message, or anyone after receiving on a new chain: T_i is new.
            guard let theirRatchetKey = receiverChains.last?.ratchetKey else { throw OlmError.noSenderChain }
            let ratchetKey = try Curve25519KeyPair.generate()
            let chainKey: SecretBytes
            (root, chainKey) = OlmKDF.advanceRoot(
                rootKey: rootKey, sharedSecret: try ratchetKey.diffieHellman(theirRatchetKey))
            chain = OlmSenderChain(ratchetKey: ratchetKey, chainKey: OlmChainKey(key: chainKey, index: 0))
        }
        let keys = OlmMessageKeys(messageKey: chain.chainKey.messageKey)
        let index = chain.chainKey.index
        let ciphertext = try Primitives.aes256CBCEncrypt(key: keys.aesKey, iv: keys.iv, plaintext: Array(plaintext))
        let message = OlmNormalMessage(
            ratchetKey: chain.ratchetKey.publicKey, chainIndex: index, ciphertext: ciphertext, macKey: keys.macKey)
        // Commit only now: the message key M_i,j is never derived again for sending.
        chain.chainKey.advance()
        senderChain = chain
        rootKey = root
        return hasReceivedMessage
            ? .normal(message) : .preKey(OlmPreKeyMessage(sessionKeys: sessionKeys, message: message))
    }

    /// Decrypts a message of this session. On any error the session is unchanged; on success the used
    /// message key is gone, so the same message cannot be decrypted twice.
    public mutating func decrypt(_ message: OlmMessage) throws(OlmError) -> [UInt8] {
        switch message {
        case .normal(let normal):
            return try decrypt(normal)
        case .preKey(let preKey):
            guard matches(preKeyMessage: preKey) else { throw .sessionMismatch }
            return try decrypt(preKey.message)
        }
    }

    /// Decrypts a normal message (also the one embedded in a pre-key message) on a copy, then commits.
    mutating func decrypt(_ message: OlmNormalMessage) throws(OlmError) -> [UInt8] {
        var next = self
        let plaintext: [UInt8]
        if let position = next.receiverChains.firstIndex(where: { $0.ratchetKey == message.ratchetKey }) {
            plaintext = try next.receiverChains[position].decrypt(message)
        } else {
            // A new ratchet key T_i from the other side: a ratchet step with our current T_{i-1}.
            guard let ours = next.senderChain else { throw .noSenderChain }
            let shared: [UInt8]
            do {
                shared = try ours.ratchetKey.diffieHellman(message.ratchetKey)
            } catch {
                throw .keyAgreementFailed
            }
            let (root, chainKey) = OlmKDF.advanceRoot(rootKey: next.rootKey, sharedSecret: shared)
            var chain = OlmReceiverChain(ratchetKey: message.ratchetKey, chainKey: OlmChainKey(key: chainKey, index: 0))
            plaintext = try chain.decrypt(message)
            next.rootKey = root
            next.senderChain = nil
            next.receiverChains.append(chain)
            if next.receiverChains.count > Self.maxReceiverChains { next.receiverChains.removeFirst() }
        }
        next.hasReceivedMessage = true
        self = next
        return plaintext
    }
}
