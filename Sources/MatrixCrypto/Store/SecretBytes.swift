/// Key material with value semantics whose buffer is wiped (`sodium_memzero`) when the last copy goes away.

/// Secret bytes (ratchet values, private keys) that are zeroed when no longer referenced.
///
/// A copy shares one buffer until one side mutates (copy-on-write); the buffer is wiped in its
/// owner's `deinit`. Limits, documented in docs/E2EE.md: arrays handed out by ``bytes`` or made by
/// callees (e.g. the primitives) are ordinary Swift arrays the runtime may copy, and those copies are
/// not wiped.
public struct SecretBytes: Sendable, Equatable {
    /// The owning buffer. `@unchecked Sendable`: it is only mutated through ``mutate(_:)``, which first
    /// makes it uniquely referenced, so no two values ever share a buffer that is being written.
    private final class Storage: @unchecked Sendable {
        var bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        deinit { Primitives.wipe(&bytes) }
    }

    private var storage: Storage

    /// Takes ownership of `bytes` (the caller should wipe its own copy if it keeps one).
    public init(_ bytes: [UInt8]) { storage = Storage(bytes) }

    /// `count` bytes from the CSPRNG.
    public static func random(count: Int) -> SecretBytes { SecretBytes(Primitives.randomBytes(count)) }

    /// The number of bytes.
    public var count: Int { storage.bytes.count }

    /// The bytes, for handing to a primitive.
    public var bytes: [UInt8] { storage.bytes }

    /// Mutates the bytes in place, copying the buffer first if another value shares it.
    public mutating func mutate<R>(_ body: (inout [UInt8]) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.bytes) }
        return try body(&storage.bytes)
    }

    /// Constant-time equality of the contents.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        Primitives.constantTimeEqual(lhs.bytes, rhs.bytes)
    }
}
