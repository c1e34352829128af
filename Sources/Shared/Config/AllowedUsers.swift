/// Who may talk to the bot: `allowed_users` with PRX's semantics.

/// `allowed_users`: `[]` = nobody, `["*"]` = everybody, otherwise these users (ASCII case-insensitive).
public enum AllowedUsers: Sendable, Hashable {
    /// Nobody (an empty list).
    case nobody
    /// Everybody (the list contains `"*"`).
    case everybody
    /// Exactly these users.
    case only([UserID])

    /// Whether `user` may talk to the bot.
    public func allows(_ user: UserID) -> Bool {
        switch self {
        case .nobody: false
        case .everybody: true
        case .only(let users): users.contains { $0.matchesIgnoringCase(user) }
        }
    }

    /// The list as it would be written in the config.
    public var asConfigList: [String] {
        switch self {
        case .nobody: []
        case .everybody: ["*"]
        case .only(let users): users.map(\.rawValue)
        }
    }
}
