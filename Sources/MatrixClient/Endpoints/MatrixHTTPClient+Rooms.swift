/// Rooms: aliases, membership, joins, encryption state, members and display names.

extension MatrixHTTPClient {
    /// `GET /v3/directory/room/{alias}`: the room an alias (`#name:server`) points to.
    public func resolveAlias(_ alias: String) async throws -> AliasResolution {
        try await request(.get, .v3("directory", "room", alias))
    }

    /// `GET /v3/joined_rooms`: the rooms this user is joined to.
    public func joinedRooms() async throws -> [String] {
        try await request(.get, .v3("joined_rooms"), as: JoinedRoomsResponse.self).joinedRooms
    }

    /// `POST /v3/join/{roomIdOrAlias}`: joins (or accepts an invite); returns the room id.
    public func join(_ roomIdOrAlias: String, via servers: [String] = []) async throws -> String {
        try await request(
            .post, .v3("join", roomIdOrAlias), query: servers.map { ("via", $0) }, body: EmptyObject(),
            as: RoomIdResponse.self
        ).roomId
    }

    /// `GET /v3/rooms/{id}/state/m.room.encryption/`: the room's encryption, nil when it is not encrypted.
    /// Throws 403 `M_FORBIDDEN` when we are not in the room.
    public func roomEncryption(_ roomId: String) async throws -> RoomEncryption? {
        do {
            return try await request(.get, .v3("rooms", roomId, "state", "m.room.encryption", ""))
        } catch let error as MatrixError where error.status == 404 {
            return nil
        }
    }

    /// `GET /v3/rooms/{id}/joined_members`: user id → member. Throws 403 `M_FORBIDDEN` when we are not in the room.
    public func joinedMembers(_ roomId: String) async throws -> [String: JoinedMember] {
        try await request(.get, .v3("rooms", roomId, "joined_members"), as: JoinedMembersResponse.self).joined
    }

    /// `GET /v3/profile/{userId}/displayname`: the global display name, nil when none is set.
    /// Throws 404 `M_NOT_FOUND` for an unknown user.
    public func displayName(of userId: String) async throws -> String? {
        try await request(.get, .v3("profile", userId, "displayname"), as: DisplayNameResponse.self).displayname
    }
}
