/// The access token the worker runs with, and who it belongs to.
import Foundation
import MatrixCrypto

/// A token ready for the worker: the token itself, the user and device it belongs to, and where it came from.
struct Credentials: Sendable, Equatable, CustomStringConvertible {
    /// Where the access token came from.
    enum Origin: String, Sendable, Codable {
        /// `access_token` (or `access_token_file`) in the config.
        case config
        /// `prx-matrix login`, stored sealed in the queue's secrets.
        case login
        /// `POST /refresh`, stored sealed in the queue's secrets.
        case refresh
    }

    /// The access token (never printed).
    var accessToken: String
    /// The bot's user id (whoami's answer, else the binding or the config's hint).
    var userID: String
    /// The bot's device id (whoami's answer, else the binding or the config's hint).
    var deviceID: String
    /// Where the token came from.
    var origin: Origin
    /// Whether whoami confirmed the token (false: the homeserver was unreachable, the ids are hints).
    var verified: Bool

    /// User, device, origin; never the token.
    var description: String {
        "\(userID) device \(deviceID) (token from \(origin.rawValue)\(verified ? ", verified by whoami" : ", not verified yet"))"
    }

    /// The SHA-256 of `token` in hex: identifies a token (e.g. the config's) without keeping it.
    static func fingerprint(of token: String) -> String {
        Primitives.sha256(Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
