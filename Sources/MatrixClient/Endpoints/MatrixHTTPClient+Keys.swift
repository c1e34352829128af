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
