/// The at-rest envelope of every crypto object: a versioned header bound as associated data, then
/// XChaCha20-Poly1305 over the object's JSON.
import Foundation

/// Seals and opens ``Pickleable`` objects.
///
/// Blob layout: `"PRXP"` ‖ envelope version (1 byte, 1) ‖ kind length (1 byte) ‖ kind (ASCII) ‖
/// object format version (u16 big-endian) ‖ nonce (24) ‖ ciphertext ‖ tag (16). Everything before
/// the nonce is the associated data, so kind and version cannot be swapped without detection.
public enum SealedPickle {
    /// The magic at the start of every blob.
    static let magic = Array("PRXP".utf8)
    /// The envelope version this build writes and reads.
    public static let envelopeVersion: UInt8 = 1

    /// The kind and version a blob declares (not yet authenticated: use it to pick a reader).
    public static func header(of blob: [UInt8]) throws(PickleError) -> (kind: String, version: UInt16) {
        let parsed = try parseHeader(blob)
        return (parsed.kind, parsed.version)
    }

    /// Encodes `value` as JSON and seals it under `key`; the JSON buffer is wiped afterwards.
    public static func seal<T: Pickleable>(_ value: T, key: PickleKey) throws(PickleError) -> [UInt8] {
        let header = try makeHeader(kind: T.pickleKind, version: T.pickleVersion)
        var json: Data
        do {
            json = try JSONEncoder().encode(value)
        } catch {
            throw .encodingFailed(kind: T.pickleKind, reason: "\(error)")
        }
        defer { json.resetBytes(in: json.startIndex..<json.endIndex) }
        do {
            return header + (try Primitives.seal(key: key.secret.bytes, plaintext: json, associatedData: header))
        } catch {
            throw .encodingFailed(kind: T.pickleKind, reason: "\(error)")
        }
    }

    /// Opens a blob made by ``seal(_:key:)`` as a `T`, checking envelope version, kind, format
    /// version and authenticity before decoding.
    public static func open<T: Pickleable>(_ type: T.Type, from blob: [UInt8], key: PickleKey) throws(PickleError) -> T
    {
        let header = try parseHeader(blob)
        guard header.kind == T.pickleKind else { throw .wrongKind(expected: T.pickleKind, found: header.kind) }
        guard header.version == T.pickleVersion else {
            throw .unsupportedVersion(kind: T.pickleKind, expected: T.pickleVersion, found: header.version)
        }
        var json: [UInt8]
        do {
            json = try Primitives.open(
                key: key.secret.bytes, sealed: blob[header.length...], associatedData: blob[0..<header.length])
        } catch {
            throw .wrongKeyOrTampered(kind: T.pickleKind)
        }
        defer { Primitives.wipe(&json) }
        do {
            return try JSONDecoder().decode(T.self, from: Data(json))
        } catch {
            throw .corrupt(kind: T.pickleKind, reason: "\(error)")
        }
    }

    private static func makeHeader(kind: String, version: UInt16) throws(PickleError) -> [UInt8] {
        let kindBytes = Array(kind.utf8)
        guard !kindBytes.isEmpty, kindBytes.count <= 255, kind.allSatisfy(\.isASCII) else {
            throw .encodingFailed(kind: kind, reason: "kind must be 1...255 ASCII bytes")
        }
        return magic + [envelopeVersion, UInt8(kindBytes.count)] + kindBytes + [
            UInt8(version >> 8), UInt8(version & 0xFF),
        ]
    }

    private static func parseHeader(_ blob: [UInt8]) throws(PickleError) -> (kind: String, version: UInt16, length: Int)
    {
        guard blob.count >= magic.count + 2, Array(blob[0..<magic.count]) == magic else {
            throw .notAPickle(reason: "missing the PRXP magic")
        }
        let envelope = blob[magic.count]
        guard envelope == envelopeVersion else {
            throw .unsupportedEnvelopeVersion(got: envelope, supported: envelopeVersion)
        }
        let kindLength = Int(blob[magic.count + 1])
        let kindStart = magic.count + 2
        let length = kindStart + kindLength + 2
        guard kindLength > 0, blob.count >= length else { throw .notAPickle(reason: "truncated header") }
        guard let kind = String(bytes: blob[kindStart..<(kindStart + kindLength)], encoding: .ascii) else {
            throw .notAPickle(reason: "kind is not ASCII")
        }
        let version = UInt16(blob[length - 2]) << 8 | UInt16(blob[length - 1])
        return (kind, version, length)
    }
}
