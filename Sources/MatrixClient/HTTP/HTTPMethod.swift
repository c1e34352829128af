/// The HTTP methods the Client-Server API uses.

/// An HTTP method.
public enum HTTPMethod: String, Sendable, Codable {
    /// GET
    case get = "GET"
    /// POST
    case post = "POST"
    /// PUT
    case put = "PUT"
    /// DELETE
    case delete = "DELETE"
}
