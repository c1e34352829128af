/// Why a sealed store blob could not be made or opened.

/// A failure of ``SealedPickle``: every case says which kind and what to do.
public enum PickleError: Error, Equatable, Sendable {
    /// The store key is not 32 bytes (check the key file the daemon reads).
    case badKeyLength(got: Int)
    /// The blob does not start with the envelope magic or is too short: not a sealed pickle at all.
    case notAPickle(reason: String)
    /// The envelope version is newer than this build understands: upgrade prx-matrix.
    case unsupportedEnvelopeVersion(got: UInt8, supported: UInt8)
    /// The blob holds another kind of object than the one asked for (a mixed-up store row).
    case wrongKind(expected: String, found: String)
    /// The blob's format version is not the one this build reads: migrate or upgrade.
    case unsupportedVersion(kind: String, expected: UInt16, found: UInt16)
    /// Authentication failed: the store key is not the one the blob was sealed with, or the blob was
    /// modified. Never guess: restore the right key or discard the store (and the device).
    case wrongKeyOrTampered(kind: String)
    /// The blob authenticated but its contents do not decode: a bug in the writer of that version.
    case corrupt(kind: String, reason: String)
    /// The object could not be encoded.
    case encodingFailed(kind: String, reason: String)
}
