/// Building a `MatrixError` from an HTTP answer: the standard error body, the Retry-After header, bad JSON.
import Foundation

extension MatrixError {
    /// The error for a non-2xx answer; never fails, whatever the body is.
    ///
    /// `retry_after_ms` in the body wins over `Retry-After` (whole seconds; an HTTP date is ignored).
    static func fromHTTP(endpoint: String, status: Int, body: Data, retryAfterHeader: String?) -> MatrixError {
        let json = try? MatrixJSON(parsing: body)
        let errcode = json?["errcode"]?.stringValue
        let reason = json?["error"]?.stringValue ?? (errcode == nil ? Redaction.excerpt(of: body) : "")
        let softLogout = json?["soft_logout"]?.boolValue ?? false
        let bodyRetry = json?["retry_after_ms"]?.intValue.flatMap { Int(exactly: $0) }
        let headerRetry =
            retryAfterHeader
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .map { $0.multipliedReportingOverflow(by: 1000).overflow ? Int.max : $0 * 1000 }
        return .http(
            endpoint: endpoint, status: status, errcode: errcode, error: reason,
            softLogout: softLogout, retryAfterMs: bodyRetry ?? headerRetry)
    }

    /// The error for a 2xx body that did not decode as `type`.
    static func malformed(endpoint: String, body: Data, decoding type: Any.Type, error: any Error) -> MatrixError {
        .malformedResponse(
            MalformedResponse(
                endpoint: endpoint, expected: Redaction.describe(error, decoding: type),
                excerpt: Redaction.excerpt(of: body)))
    }
}
