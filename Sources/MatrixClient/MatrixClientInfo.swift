/// The Matrix Client-Server API over HTTP, shared by the worker (sync, send) and the supervisor (doctor, login, refresh).

/// The user agent this client sends.
public enum MatrixClientInfo {
    /// `User-Agent` header value.
    public static let userAgent = "prx-matrix"
}
