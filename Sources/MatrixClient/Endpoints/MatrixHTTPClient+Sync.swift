/// Filters, the sync long poll and `/messages` pagination.
import Foundation

extension MatrixHTTPClient {
    /// `POST /v3/user/{userId}/filter`: stores `filter` on the server and returns its id for ``sync(since:timeout:filter:fullState:)``.
    public func uploadFilter(_ filter: SyncFilter, userId: String) async throws -> String {
        struct Answer: Decodable {
            let filterId: String
            enum CodingKeys: String, CodingKey { case filterId = "filter_id" }
        }
        return try await request(.post, .v3("user", userId, "filter"), body: filter, as: Answer.self).filterId
    }

    /// `GET /v3/sync`: waits up to `timeout` for news after `since` (nil: an initial sync).
    ///
    /// The HTTP request is allowed `timeout` + ``longPollMargin``. `filter` is a filter id from
    /// ``uploadFilter(_:userId:)``.
    public func sync(since: String?, timeout: Duration, filter: String?, fullState: Bool = false) async throws
        -> SyncResponse
    {
        var query = [("timeout", String(timeout.milliseconds))]
        if let since { query.append(("since", since)) }
        if let filter { query.append(("filter", filter)) }
        if fullState { query.append(("full_state", "true")) }
        return try await request(.get, .v3("sync"), query: query, timeout: timeout + longPollMargin)
    }

    /// `GET /v3/rooms/{id}/messages`: one page of events from `from` (a `prev_batch` or `end` token).
    public func messages(
        roomId: String, from: String?, direction: PaginationDirection = .backward, limit: Int? = nil,
        filter: RoomEventFilter? = nil
    ) async throws -> MessagesResponse {
        var query = [("dir", direction.rawValue)]
        if let from { query.append(("from", from)) }
        if let limit { query.append(("limit", String(limit))) }
        if let filter, let json = try? JSONEncoder().encode(filter) {
            query.append(("filter", String(decoding: json, as: UTF8.self)))
        }
        return try await request(.get, .v3("rooms", roomId, "messages"), query: query)
    }
}
