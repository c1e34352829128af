/// Making bodies and decoding errors safe and short enough for error text and logs.
import Foundation
import Shared

/// Excerpts of response bodies with secrets removed, and one-line decoding error descriptions.
enum Redaction {
    /// Members whose string values are never shown.
    static let secretKeys = ["access_token", "refresh_token", "password", "token"]

    /// The body's first `limit` characters as text, with the values of secret members replaced.
    static func excerpt(of body: Data, limit: Int = 200) -> String {
        if body.isEmpty { return "(empty body)" }
        var text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        for key in secretKeys {
            let pattern = "(\"\(key)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"?"
            text = text.replacingOccurrences(
                of: pattern, with: "$1\"<redacted>\"", options: .regularExpression)
        }
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit)) + "…" : flat
    }

    /// `path: what went wrong` for a DecodingError or ``JSONShapeError``, where the body stops being JSON
    /// for a `JSONSyntaxError`; the error's own type name for anything else.
    static func describe(_ error: any Error, decoding type: Any.Type) -> String {
        if let error = error as? JSONShapeError { return error.description }
        if let error = error as? JSONSyntaxError {
            return "\(type) as JSON: not valid JSON (\(describe(syntax: error)))"
        }
        guard let error = error as? DecodingError else { return "\(type): \(Swift.type(of: error))" }
        switch error {
        case .typeMismatch(let expected, let context):
            return "\(path(context)): expected \(expected)"
        case .valueNotFound(let expected, let context):
            return "\(path(context)): expected \(expected), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context, appending: key)): required member missing"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "\(type) as JSON: not valid JSON" : "\(path(context)): invalid value"
        @unknown default:
            return "\(type): undecodable"
        }
    }

    /// The parser's explanation, with the depth limit of Matrix responses rather than of frames.
    private static func describe(syntax error: JSONSyntaxError) -> String {
        guard case .tooDeep = error.problem else { return error.description }
        return "nesting deeper than \(MatrixJSONLimits.maxDepth) levels at byte \(error.offset)"
    }

    /// Where a request body failed to encode, without the value (it could be a secret).
    static func describe(encoding error: any Error) -> String {
        guard case .invalidValue(_, let context)? = error as? EncodingError else {
            return "the body does not encode as JSON"
        }
        return "the body does not encode as JSON at \(path(context.codingPath)) (e.g. a NaN or infinite number)"
    }

    private static func path(_ context: DecodingError.Context, appending key: (any CodingKey)? = nil) -> String {
        path(context.codingPath + (key.map { [$0] } ?? []))
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        if keys.isEmpty { return "(top level)" }
        return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
