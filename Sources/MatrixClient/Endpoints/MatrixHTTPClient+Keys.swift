/// E2EE key plumbing the doctor and the worker need: who has which device keys, how many one-time keys are left.

extension MatrixHTTPClient {
    /// `POST /v3/keys/query`: the device keys of every device of `users`.
    public func queryKeys(users: [String], timeout: Duration = .seconds(10)) async throws -> KeysQueryResponse {
        struct Body: Encodable {
            let deviceKeys: [String: [String]]
            let timeout: Int64
            enum CodingKeys: String, CodingKey {
                case deviceKeys = "device_keys"
                case timeout
            }
        }
        let body = Body(
            deviceKeys: Dictionary(users.map { ($0, []) }, uniquingKeysWith: { first, _ in first }),
            timeout: timeout.milliseconds)
        return try await request(.post, .v3("keys", "query"), body: body, timeout: timeout + requestTimeout)
    }

    /// `POST /v3/keys/upload`: uploads keys and returns the one-time key counts per algorithm
    /// (`signed_curve25519` → n). With the default empty request it only reports the counts.
    public func uploadKeys(_ upload: KeysUploadRequest = KeysUploadRequest()) async throws -> [String: Int] {
        struct Answer: Decodable {
            let oneTimeKeyCounts: [String: Int]
            enum CodingKeys: String, CodingKey { case oneTimeKeyCounts = "one_time_key_counts" }
        }
        return try await request(.post, .v3("keys", "upload"), body: upload, as: Answer.self).oneTimeKeyCounts
    }
}

extension MatrixHTTPClient {
    /// `POST /v3/keys/claim`: takes one key of `algorithm` for each device (to start Olm sessions).
    /// `devices` is user id → device ids.
    public func claimKeys(
        _ devices: [String: [String]], algorithm: String = "signed_curve25519", timeout: Duration = .seconds(10)
    ) async throws -> KeysClaimResponse {
        struct Body: Encodable {
            let oneTimeKeys: [String: [String: String]]
            let timeout: Int64
            enum CodingKeys: String, CodingKey {
                case oneTimeKeys = "one_time_keys"
                case timeout
            }
        }
        let wanted = devices.mapValues { ids in
            Dictionary(ids.map { ($0, algorithm) }, uniquingKeysWith: { first, _ in first })
        }
        return try await request(
            .post, .v3("keys", "claim"), body: Body(oneTimeKeys: wanted, timeout: timeout.milliseconds),
            timeout: timeout + requestTimeout)
    }

    /// `GET /v3/keys/changes`: users whose devices changed between two sync tokens (catch-up after a crash).
    public func keyChanges(from: String, to: String) async throws -> DeviceLists {
        try await request(.get, .v3("keys", "changes"), query: [("from", from), ("to", to)])
    }

    /// `PUT /v3/sendToDevice/{type}/{txnId}`: sends `messages` (user id → device id or `*` → content).
    /// Retrying with the same `txnId` does not deliver twice.
    public func sendToDevice(eventType: String, txnId: String, messages: [String: [String: MatrixJSON]]) async throws {
        struct Body: Encodable {
            let messages: [String: [String: MatrixJSON]]
        }
        _ = try await request(
            .put, .v3("sendToDevice", eventType, txnId), body: Body(messages: messages), as: EmptyObject.self)
    }
}
