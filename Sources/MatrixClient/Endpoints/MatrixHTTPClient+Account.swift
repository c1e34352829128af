/// Server versions, who the token belongs to, password login and token refresh.

extension MatrixHTTPClient {
    /// `GET /_matrix/client/versions`: reachability and spec versions (no token needed).
    public func versions() async throws -> VersionsResponse {
        try await request(.get, MatrixPath(prefix: "/_matrix/client/versions", segments: []), authenticated: false)
    }

    /// `GET /v3/account/whoami`: the token's user and device.
    public func whoami() async throws -> WhoAmIResponse {
        try await request(.get, .v3("account", "whoami"))
    }

    /// `POST /v3/login` with a password. Does not change this client's token: call
    /// ``setAccessToken(_:)`` with the answer's token to use it.
    public func login(_ login: PasswordLoginRequest) async throws -> LoginResponse {
        try await request(.post, .v3("login"), body: login, authenticated: false)
    }

    /// `POST /v3/refresh`: a new access token (and usually a new refresh token) for the same device.
    /// Does not change this client's token. A spent refresh token gives 403 `M_FORBIDDEN`, an unknown
    /// one 401 `M_UNKNOWN_TOKEN`: both mean "log in again".
    public func refresh(_ refreshToken: MatrixSecret) async throws -> RefreshResponse {
        struct Body: Encodable {
            let refreshToken: MatrixSecret
            enum CodingKeys: String, CodingKey { case refreshToken = "refresh_token" }
        }
        return try await request(.post, .v3("refresh"), body: Body(refreshToken: refreshToken), authenticated: false)
    }
}
