/// Creating Olm sessions from an account: outbound to a claimed key, inbound from a pre-key message.

extension OlmAccount {
    /// An outbound session to a device whose identity key and claimed one-time (or fallback) key are
    /// given (verify the claimed key's signature first with ``DeviceKeys/verifyOneTimeKey(_:)``).
    public func createOutboundSession(
        theirIdentityKey: Curve25519PublicKey, theirOneTimeKey: Curve25519PublicKey
    ) throws(OlmError) -> OlmSession {
        try OlmSession(ourIdentity: identityKey, theirIdentityKey: theirIdentityKey, theirOneTimeKey: theirOneTimeKey)
    }

    /// An inbound session from a pre-key message, with the decrypted first plaintext. The one-time key it
    /// used is removed only on success (a fallback key stays). If `theirIdentityKey` is given (the event's
    /// `sender_key`), the message must come from it. On error the account is unchanged.
    public mutating func createInboundSession(
        theirIdentityKey: Curve25519PublicKey?, message: OlmPreKeyMessage
    ) throws(OlmError) -> (session: OlmSession, plaintext: [UInt8]) {
        if let expected = theirIdentityKey, expected != message.identityKey {
            throw .identityKeyMismatch(expected: expected, got: message.identityKey)
        }
        let oneTimeIndex = oneTimeKeys.firstIndex { $0.keyPair.publicKey == message.oneTimeKey }
        let keyPair: Curve25519KeyPair
        if let oneTimeIndex {
            keyPair = oneTimeKeys[oneTimeIndex].keyPair
        } else if let fallback = [fallbackKey, previousFallbackKey].compactMap({ $0 })
            .first(where: { $0.keyPair.publicKey == message.oneTimeKey })
        {
            keyPair = fallback.keyPair
        } else {
            throw .unknownOneTimeKey(message.oneTimeKey)
        }
        var session = try OlmSession(ourIdentity: identityKey, ourOneTimeKey: keyPair, message: message)
        let plaintext = try session.decrypt(message.message)
        if let oneTimeIndex { oneTimeKeys.remove(at: oneTimeIndex) }
        return (session, plaintext)
    }
}
