/// The double ratchet's pieces (olm.md "The Olm Algorithm"): root-key steps, chain keys, message keys,
/// per-message AES/HMAC keys, and the sending and receiving chains with their bounded skipped-key store.

/// HKDF info strings and HMAC seeds of Olm v1.
enum OlmKDF {
    static let rootInfo = Array("OLM_ROOT".utf8)
    static let ratchetInfo = Array("OLM_RATCHET".utf8)
    static let keysInfo = Array("OLM_KEYS".utf8)
    static let messageKeySeed: [UInt8] = [0x01]
    static let chainKeySeed: [UInt8] = [0x02]

    /// R_i ‖ C_i,0 = HKDF(R_{i-1}, ECDH(T_{i-1}, T_i), "OLM_RATCHET", 64).
    static func advanceRoot(rootKey: SecretBytes, sharedSecret: [UInt8]) -> (root: SecretBytes, chain: SecretBytes) {
        split(Primitives.hkdfSHA256(inputKeyMaterial: sharedSecret, salt: rootKey.bytes, info: ratchetInfo, length: 64))
    }

    /// The two 32-byte halves of a 64-byte HKDF output as secrets; the output is wiped.
    static func split(_ output: consuming [UInt8]) -> (SecretBytes, SecretBytes) {
        defer { Primitives.wipe(&output) }
        return (SecretBytes(Array(output[0..<32])), SecretBytes(Array(output[32..<64])))
    }
}

/// The AES-256 key, HMAC key and IV derived from one message key M_i,j via HKDF "OLM_KEYS".
struct OlmMessageKeys {
    let aesKey: [UInt8]
    let macKey: [UInt8]
    let iv: [UInt8]

    init(messageKey: SecretBytes) {
        let out = Primitives.hkdfSHA256(
            inputKeyMaterial: messageKey.bytes, salt: [UInt8](), info: OlmKDF.keysInfo, length: 80)
        aesKey = Array(out[0..<32])
        macKey = Array(out[32..<64])
        iv = Array(out[64..<80])
    }

    /// Checks the MAC, then decrypts: the ciphertext is never touched before authentication.
    func decrypt(_ message: OlmNormalMessage) throws(OlmError) -> [UInt8] {
        guard message.hasValidMAC(macKey: macKey) else { throw .badMAC }
        do {
            return try Primitives.aes256CBCDecrypt(key: aesKey, iv: iv, ciphertext: message.ciphertext)
        } catch {
            throw .cipherFailed
        }
    }
}

/// A chain key C_i,j with its index j.
struct OlmChainKey: Codable, Sendable {
    var key: SecretBytes
    var index: UInt64

    /// M_i,j = HMAC(C_i,j, 0x01).
    var messageKey: SecretBytes { SecretBytes(Primitives.hmacSHA256(key: key.bytes, data: OlmKDF.messageKeySeed)) }

    /// C_i,j+1 = HMAC(C_i,j, 0x02); the old chain key is wiped.
    mutating func advance() {
        key = SecretBytes(Primitives.hmacSHA256(key: key.bytes, data: OlmKDF.chainKeySeed))
        index += 1
    }
}

/// Our sending chain: our ratchet key T_i and the chain key for the next message.
struct OlmSenderChain: Codable, Sendable {
    let ratchetKey: Curve25519KeyPair
    var chainKey: OlmChainKey
}

/// A message key kept for a message not yet received (out-of-order delivery).
struct OlmSkippedKey: Codable, Sendable {
    let index: UInt64
    let messageKey: SecretBytes
}

/// A receiving chain: the sender's ratchet key T_i, the next chain key, and skipped message keys.
struct OlmReceiverChain: Codable, Sendable {
    let ratchetKey: Curve25519PublicKey
    var chainKey: OlmChainKey
    /// Oldest first, at most ``OlmSession/maxSkippedKeysPerChain``.
    var skippedKeys: [OlmSkippedKey] = []

    /// Decrypts `message` on this chain; on success the chain moves past it and its key is gone.
    mutating func decrypt(_ message: OlmNormalMessage) throws(OlmError) -> [UInt8] {
        let target = message.chainIndex
        if target < chainKey.index {
            guard let position = skippedKeys.firstIndex(where: { $0.index == target }) else {
                throw .missingMessageKey(chainIndex: target)
            }
            let plaintext = try OlmMessageKeys(messageKey: skippedKeys[position].messageKey).decrypt(message)
            skippedKeys.remove(at: position)
            return plaintext
        }
        let gap = target - chainKey.index
        guard gap <= OlmSession.maxMessageGap else {
            throw .messageGapTooLarge(gap: gap, limit: OlmSession.maxMessageGap)
        }
        var chain = chainKey
        var skipped: [OlmSkippedKey] = []
        while chain.index < target {
            // Only the last `maxSkippedKeysPerChain` keys before the target could be kept anyway.
            if target - chain.index <= UInt64(OlmSession.maxSkippedKeysPerChain) {
                skipped.append(OlmSkippedKey(index: chain.index, messageKey: chain.messageKey))
            }
            chain.advance()
        }
        let plaintext = try OlmMessageKeys(messageKey: chain.messageKey).decrypt(message)
        chain.advance()
        chainKey = chain
        skippedKeys += skipped
        if skippedKeys.count > OlmSession.maxSkippedKeysPerChain {
            skippedKeys.removeFirst(skippedKeys.count - OlmSession.maxSkippedKeysPerChain)
        }
        return plaintext
    }
}
