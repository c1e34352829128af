/// Rooms (`room_id`, `room_ids`), users (`allowed_users`, `user_id`): parsed, deduplicated, with a fix for each malformed one.
import Foundation

extension ConfigValidator {
    mutating func roomReferences(_ matrix: TOMLTable) -> [RoomReference]? {
        let reported = diagnostics.count
        var entries: [(String, TOMLNode, String)] = []
        if let (value, node) = optionalString("room_id", in: matrix) { entries.append((value, node, "room_id")) }
        for (index, value, node) in stringArray("room_ids", in: matrix) where !value.isEmpty {
            entries.append((value, node, "room_ids[\(index)]"))
        }
        if entries.isEmpty {
            if diagnostics.count == reported, let node = matrix["room_id"] {
                report(
                    .error, node.location, "\(Self.matrixPath).room_id", "is empty",
                    fix: "write the room's id, e.g. \"!abc123def456:matrix.org\", or its alias \"#room:matrix.org\"")
            } else if diagnostics.count == reported {
                missing(
                    "room_id", in: matrix,
                    fix: "add room_id = \"!abc123def456:matrix.org\" (or room_ids = [...] for several rooms)")
            }
            return nil
        }
        var rooms: [RoomReference] = []
        var valid = true
        for (value, node, key) in entries {
            do {
                let room = try RoomReference(validating: value)
                if !rooms.contains(room) { rooms.append(room) }
            } catch {
                valid = false
                let reason = value.first == "!" || value.first == "#" ? " (\(error.reason))" : ""
                report(
                    .error, node.location, "\(Self.matrixPath).\(key)",
                    "\(TOMLString.quoted(value)) is not a room id or alias\(reason)",
                    fix: "write \"!opaque:server\" or \"#alias:server\"")
            }
        }
        return valid && !rooms.isEmpty ? rooms : nil
    }

    mutating func allowedUsers(_ matrix: TOMLTable) -> AllowedUsers {
        let key = "\(Self.matrixPath).allowed_users"
        let reported = diagnostics.count
        let entries = stringArray("allowed_users", in: matrix).filter { !$0.value.isEmpty }
        if entries.contains(where: { $0.value == "*" }) { return .everybody }
        var users: [UserID] = []
        for (index, value, node) in entries {
            if let user = identifier(
                value, node: node, key: "\(key)[\(index)]", fixHint: userHint(value, matrix: matrix)) as UserID?
            {
                users.append(user)
            }
        }
        if entries.isEmpty, diagnostics.count == reported {
            let node = matrix["allowed_users"]
            report(
                .warning, node?.keyLocation ?? matrix.location, key, "is empty, so the bot ignores everybody",
                fix: "list who may talk to it, e.g. allowed_users = [\"@alice:matrix.org\"], or [\"*\"] for everybody")
        }
        return users.isEmpty ? .nobody : .only(users)
    }

    /// A suggestion for a malformed user id: add the missing `@` and/or `:server`.
    func userHint(_ value: String, matrix: TOMLTable) -> String {
        var local = value.hasPrefix("@") ? String(value.dropFirst()) : value
        if local.isEmpty || local.contains(" ") { return "write a full user id such as \"@alice:matrix.org\"" }
        if !local.contains(":"), let at = local.firstIndex(of: "@") {
            // An e-mail-like "bob@matrix.org" means "@bob:matrix.org".
            local = local[..<at] + ":" + local[local.index(after: at)...]
        }
        if !local.contains(":") {
            var server = "matrix.org"
            if case .string(let hs)? = matrix["homeserver"]?.value,
                let host = URL(string: hs.trimmingCharacters(in: .whitespaces))?.host
            {
                server = host
            }
            local += ":" + server
        }
        return "write \(TOMLString.quoted("@" + local))"
    }
}
