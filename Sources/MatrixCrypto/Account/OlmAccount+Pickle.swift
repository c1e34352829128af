/// The stored form of an Olm account (kind `olm.account`, version 1).

extension OlmAccount: Pickleable {
    /// `olm.account`.
    public static let pickleKind = "olm.account"
    /// 1: `{identityKey, signingKey, oneTimeKeys, nextKeyID, fallbackKey?, previousFallbackKey?}`, each key
    /// pair as its secret (base64) and public key.
    public static let pickleVersion: UInt16 = 1
}
