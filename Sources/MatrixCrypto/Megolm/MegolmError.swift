/// Everything that can go wrong decoding, decrypting or exporting Megolm data, as one typed error.

/// A Megolm failure. Each case says what was wrong; none leaves a session changed.
public enum MegolmError: Error, Equatable, Sendable {
    /// A field had the wrong number of bytes (a truncated or padded key, message or ratchet).
    case badLength(what: String, expected: Int, got: Int)
    /// A message, session key or export started with a version byte this implementation does not know.
    case unsupportedVersion(what: String, expected: UInt8, got: UInt8)
    /// A structurally broken message or key (bad base64, bad varint, missing field); `reason` says which.
    case malformed(what: String, reason: String)
    /// The Ed25519 signature of a message or session key did not verify: forged or corrupted, drop it.
    case badSignature(what: String)
    /// The message's MAC did not verify under the key of its index: tampered, or a different session.
    case badMAC(index: UInt32)
    /// The MAC verified but AES-CBC decryption failed (bad padding): the sender is broken.
    case badCiphertext(index: UInt32)
    /// The message (or requested export) is before the earliest ratchet this session knows: ask for
    /// the key again (a forwarded key or backup with an earlier first index can decrypt it).
    case unknownMessageIndex(firstKnown: UInt32, got: UInt32)
    /// A ratchet was asked to move backwards; ratchets only move forwards.
    case cannotRatchetBackwards(from: UInt32, to: UInt32)
    /// The outbound ratchet reached index 2^32 − 1: start a new session.
    case ratchetExhausted
    /// A primitive failed where it cannot fail on well-formed input (a bug or a broken libsodium).
    case primitiveFailed(reason: String)
    /// The same (session, index) was already decrypted for another event: a replay, drop the event.
    case replayedIndex(sessionId: String, index: UInt32, firstEventId: String, eventId: String)
}
