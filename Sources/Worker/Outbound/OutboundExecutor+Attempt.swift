/// How the outbound executor turns homeserver failures into outcomes: wait, retry, report, or stop.
import Logging
import MatrixClient
import Shared

extension OutboundExecutor {
    /// Runs `operation` and maps what happens to an outcome:
    ///
    /// | failure | outcome |
    /// |---|---|
    /// | 429 / `M_LIMIT_EXCEEDED` | `retryLater` after `retry_after_ms`, else `Retry-After`, else ``retryLaterMS`` |
    /// | 5xx, 408, transport, a malformed answer | quick retries (``quickRetryDelays``, jittered), then `retryLater` |
    /// | `M_UNKNOWN_TOKEN` | throws ``TokenInvalidError`` with `soft_logout` |
    /// | any other 4xx (`M_FORBIDDEN`, `M_NOT_FOUND`, `M_TOO_LARGE`, `M_BAD_JSON`, …) | `failed` with the errcode and the server's reason |
    /// | cancellation (shutdown) | `retryLater(0)`: the row stays queued |
    func attempt(_ operation: () async throws -> [String]) async throws(TokenInvalidError) -> SendOutcome {
        var retries = 0
        while true {
            do {
                return .sent(eventIDs: try await operation())
            } catch let error as MatrixError {
                switch error.disposition {
                case .unknownToken(let softLogout):
                    logger.warning("access token rejected", metadata: ["error": "\(error)"])
                    throw TokenInvalidError(softLogout: softLogout, detail: error.description)
                case .rateLimited(let retryAfter):
                    logger.info("rate limited", metadata: ["error": "\(error)"])
                    return .retryLater(
                        retryAfterMS: retryAfter.map { max(0, $0.milliseconds) } ?? retryLaterMS)
                case .transient:
                    guard retries < quickRetryDelays.count else {
                        logger.warning("homeserver unavailable, the row stays queued", metadata: ["error": "\(error)"])
                        return .retryLater(retryAfterMS: retryLaterMS)
                    }
                    let delay = quickRetryDelays[retries] * Double.random(in: 0.5...1.5)
                    retries += 1
                    do { try await Task.sleep(for: delay) } catch { return .retryLater(retryAfterMS: 0) }
                case .permanent:
                    logger.warning("homeserver refused a request", metadata: ["error": "\(error)"])
                    return .failed(code: Self.failureCode(of: error), message: error.serverReason ?? "\(error)")
                }
            } catch {
                // Cancellation (shutdown) or an error the client does not promise: keep the row.
                logger.debug("outbound request interrupted", metadata: ["error": "\(error)"])
                return .retryLater(retryAfterMS: Task.isCancelled ? 0 : retryLaterMS)
            }
        }
    }

    /// The `code` of a `failed` outcome: the homeserver's errcode, else what kind of refusal it was.
    private static func failureCode(of error: MatrixError) -> String {
        if let errcode = error.errcode { return errcode }
        if let status = error.status { return "HTTP_\(status)" }
        return "invalid_request"
    }
}
