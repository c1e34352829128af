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

    /// The inverse of ``asConfigList`` for a list that was already validated (as on the worker link):
    /// `"*"` anywhere is everybody; entries that are not user ids never match.
    public init(configList list: [String]) {
        if list.contains("*") {
            self = .everybody
        } else {
            let users = list.compactMap { try? UserID(validating: $0) }
            self = users.isEmpty ? .nobody : .only(users)
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
