/// The typed errors of Olm message decoding, session creation and decryption.

/// Why an Olm message could not be decoded, a session created, or a message decrypted.
/// A failed decryption never changes the session.
public enum OlmError: Error, Equatable, Sendable {
    /// The first byte is not the supported version `0x03`.
    case unsupportedVersion(UInt8)
    /// The message is shorter than its fixed parts (`what` names the part).
    case truncated(what: String)
    /// The protobuf-style body is malformed.
    case malformedField(WireError)
    /// A required field is absent or has the wrong length (`field` names it).
    case missingOrInvalidField(field: String)
    /// The body is not unpadded base64.
    case invalidBase64
    /// The Matrix message `type` is neither 0 (pre-key) nor 1 (normal).
    case unknownMessageType(Int)
    /// The MAC does not match: the message was tampered with or is for another session.
    case badMAC
    /// AES-CBC decryption failed (bad padding) although the MAC matched.
    case cipherFailed
    /// The chain index is more than ``OlmSession/maxMessageGap`` ahead of the receiving chain.
    case messageGapTooLarge(gap: UInt64, limit: UInt64)
    /// The message key for an old chain index is not stored: already used, or dropped as too old.
    case missingMessageKey(chainIndex: UInt64)
    /// A message on a new ratchet key arrived before this session ever sent: it cannot be for this session.
    case noSenderChain
    /// A Diffie-Hellman step failed (a low-order public key).
    case keyAgreementFailed
    /// A pre-key message names a one-time or fallback key this account does not hold (used or never ours).
    case unknownOneTimeKey(Curve25519PublicKey)
    /// A pre-key message does not belong to this session (other identity, base or one-time key).
    case sessionMismatch
    /// The pre-key message was sent by another identity key than the one expected.
    case identityKeyMismatch(expected: Curve25519PublicKey, got: Curve25519PublicKey)
}
