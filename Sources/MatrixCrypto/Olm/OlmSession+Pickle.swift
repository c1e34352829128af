/// The stored form of an Olm session (kind `olm.session`, version 1).

extension OlmSession: Pickleable {
    /// `olm.session`.
    public static let pickleKind = "olm.session"
    /// 1: `{sessionKeys, rootKey, senderChain?, receiverChains, hasReceivedMessage}`, secrets as base64.
    public static let pickleVersion: UInt16 = 1
}
