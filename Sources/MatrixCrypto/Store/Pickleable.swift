/// What a crypto object declares to be stored through ``SealedPickle``: a kind name and a format version.

/// A `Codable` snapshot of a crypto object that can be sealed for the store.
///
/// `pickleKind` and `pickleVersion` are bound into the sealed blob as associated data, so a blob of
/// one kind never opens as another and a format change is detected before decoding. Bump
/// `pickleVersion` whenever the `Codable` shape changes.
public protocol Pickleable: Codable {
    /// A stable name of the object kind, e.g. `"megolm.inbound"` (ASCII, at most 255 bytes).
    static var pickleKind: String { get }
    /// The current format version of this kind's `Codable` shape.
    static var pickleVersion: UInt16 { get }
}
