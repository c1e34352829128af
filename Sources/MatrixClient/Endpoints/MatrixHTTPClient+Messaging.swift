/// Sending events, reactions, read receipts and typing notifications.

extension MatrixHTTPClient {
    /// `PUT /v3/rooms/{id}/send/{type}/{txnId}`: sends `content` and returns the event id.
    ///
    /// Sending again with the same `txnId` (same token, same device) returns the same event id without
    /// a second event: derive `txnId` from the durable outbox row so retries after a crash are safe.
    public func send(roomId: String, eventType: String, txnId: String, content: some Encodable & Sendable)
        async throws -> String
    {
        try await request(
            .put, .v3("rooms", roomId, "send", eventType, txnId), body: content, as: EventIdResponse.self
        ).eventId
    }

    /// Sends an `m.reaction` annotating `eventId` with `key` (e.g. `👀`); returns the reaction's event id.
    public func react(roomId: String, to eventId: String, key: String, txnId: String) async throws -> String {
        try await send(
            roomId: roomId, eventType: "m.reaction", txnId: txnId, content: ReactionContent(eventId: eventId, key: key))
    }

    /// `POST /v3/rooms/{id}/receipt/{type}/{eventId}`: marks `eventId` (and everything before it) as read.
    public func sendReceipt(roomId: String, eventId: String, type: ReceiptType = .read) async throws {
        _ = try await request(
            .post, .v3("rooms", roomId, "receipt", type.rawValue, eventId), body: EmptyObject(),
            as: EmptyObject.self)
    }

    /// `PUT /v3/rooms/{id}/typing/{userId}`: shows (for `timeout`) or stops the typing notification.
    public func setTyping(roomId: String, userId: String, typing: Bool, timeout: Duration = .seconds(30))
        async throws
    {
        struct Body: Encodable {
            let typing: Bool
            let timeout: Int64?
        }
        _ = try await request(
            .put, .v3("rooms", roomId, "typing", userId),
            body: Body(typing: typing, timeout: typing ? timeout.milliseconds : nil), as: EmptyObject.self)
    }
}
