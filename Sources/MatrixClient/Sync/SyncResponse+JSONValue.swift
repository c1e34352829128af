/// The `/sync` and `/messages` answers read from a parsed `JSONValue`, accepting exactly what their Codable decoding accepts.
public import Shared

// Each initializer mirrors the type's `init(from:)`: `decode` is `required`, `decodeIfPresent` is `optional`
// (a missing member and `null` are the same), unknown members are ignored, and an event is any JSON value.

extension SyncResponse: JSONValueDecodable, JSONReadable {
    /// Decodes tolerantly: only `next_batch` is required.
    public init(json: JSONValue) throws(JSONShapeError) {
        let object = try json.object()
        nextBatch = try object.required("next_batch")
        rooms = try object.optional("rooms") ?? SyncRooms()
        toDevice = try object.eventList("to_device")
        accountData = try object.eventList("account_data")
        deviceLists = try object.optional("device_lists") ?? DeviceLists()
        deviceOneTimeKeysCount = try object.optional("device_one_time_keys_count") ?? [:]
        deviceUnusedFallbackKeyTypes = try object.optional("device_unused_fallback_key_types")
    }
}

extension SyncRooms: JSONValueDecodable, JSONReadable {
    /// Decodes; absent memberships are empty.
    public init(json: JSONValue) throws(JSONShapeError) {
        let object = try json.object()
        join = try object.optional("join") ?? [:]
        invite = try object.optional("invite") ?? [:]
        leave = try object.optional("leave") ?? [:]
    }
}

extension Timeline: JSONValueDecodable, JSONReadable {
    /// Decodes; absent `events` is empty, absent `limited` is false.
    public init(json: JSONValue) throws(JSONShapeError) {
        let object = try json.object()
        events = try object.eventArray("events")
        limited = try object.optional("limited") ?? false
        prevBatch = try object.optional("prev_batch")
    }
}

extension JoinedRoom: JSONValueDecodable, JSONReadable {
    /// Decodes; absent sections are empty.
    public init(json: JSONValue) throws(JSONShapeError) {
        let object = try json.object()
        timeline = try object.optional("timeline") ?? Timeline()
        state = try object.eventList("state")
        accountData = try object.eventList("account_data")
        ephemeral = try object.eventList("ephemeral")
    }
}

extension InvitedRoom: JSONValueDecodable, JSONReadable {
    /// Decodes; absent `invite_state` is empty.
    public init(json: JSONValue) throws(JSONShapeError) {
        inviteState = try json.object().eventList("invite_state")
    }
}

extension LeftRoom: JSONValueDecodable, JSONReadable {
    /// Decodes; absent sections are empty.
    public init(json: JSONValue) throws(JSONShapeError) {
        let object = try json.object()
        timeline = try object.optional("timeline") ?? Timeline()
        state = try object.eventList("state")
    }
}

extension DeviceLists: JSONValueDecodable, JSONReadable {
    /// Decodes; absent lists are empty.
    public init(json: JSONValue) throws(JSONShapeError) {
        let object = try json.object()
        changed = try object.optional("changed") ?? []
        left = try object.optional("left") ?? []
    }
}

extension MessagesResponse: JSONValueDecodable, JSONReadable {
    /// Decodes; absent `chunk` and `state` are empty.
    public init(json: JSONValue) throws(JSONShapeError) {
        let object = try json.object()
        chunk = try object.eventArray("chunk")
        start = try object.required("start")
        end = try object.optional("end")
        state = try object.eventArray("state")
    }
}
