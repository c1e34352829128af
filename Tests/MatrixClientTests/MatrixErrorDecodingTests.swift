/// Error bodies exactly as Synapse sends them become the right `MatrixError` and disposition.
import Foundation
import Testing

@testable import MatrixClient

@Suite struct MatrixErrorDecodingTests {
    private func decode(_ status: Int, _ body: String, retryAfter: String? = nil) -> MatrixError {
        MatrixError.fromHTTP(
            endpoint: "GET /_matrix/client/v3/sync", status: status, body: Data(body.utf8), retryAfterHeader: retryAfter
        )
    }

    @Test func revokedTokenIsAHardUnknownToken() {
        let error = decode(
            401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"Invalid access token passed.","soft_logout":false}"#)
        #expect(
            error
                == .http(
                    endpoint: "GET /_matrix/client/v3/sync", status: 401, errcode: "M_UNKNOWN_TOKEN",
                    error: "Invalid access token passed.", softLogout: false, retryAfterMs: nil))
        #expect(error.disposition == .unknownToken(softLogout: false))
        #expect(error.isUnknownToken && !error.isSoftLogout && !error.isTransient && !error.isPermanent)
        #expect(error.description.contains("new access token"))
    }

    @Test func expiredTokenIsASoftLogout() {
        let error = decode(401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"Access token has expired","soft_logout":true}"#)
        #expect(error.disposition == .unknownToken(softLogout: true))
        #expect(error.isSoftLogout)
        #expect(error.serverReason == "Access token has expired")
        #expect(error.description.contains("refresh"))
    }

    @Test func spentAndBogusRefreshTokens() {
        let spent = decode(403, #"{"errcode":"M_FORBIDDEN","error":"refresh token isn't valid anymore"}"#)
        #expect(spent.isPermanent && spent.errcode == "M_FORBIDDEN" && spent.status == 403)
        let bogus = decode(401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"invalid refresh token"}"#)
        #expect(bogus.disposition == .unknownToken(softLogout: false))
    }

    @Test func rateLimitPrefersTheBodyOverTheHeader() {
        let error = decode(
            429, #"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests","retry_after_ms":1721}"#, retryAfter: "2")
        #expect(error.disposition == .rateLimited(retryAfter: .milliseconds(1721)))
        #expect(error.isRateLimited && error.retryAfter == .milliseconds(1721))
        #expect(!error.isTransient && !error.isPermanent)
    }

    @Test func rateLimitFallsBackToRetryAfterSeconds() {
        let error = decode(429, #"{"errcode":"M_LIMIT_EXCEEDED","error":"Too Many Requests"}"#, retryAfter: " 2 ")
        #expect(error.retryAfter == .seconds(2))
        let dated = decode(429, "{}", retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(dated.disposition == .rateLimited(retryAfter: nil))
    }

    @Test func serverErrorsAreTransientEvenWithoutAMatrixBody() {
        let error = decode(502, "<html><body>Bad Gateway</body></html>")
        #expect(error.isTransient && error.errcode == nil)
        #expect(error.serverReason == "<html><body>Bad Gateway</body></html>")
        #expect(decode(500, #"{"errcode":"M_UNKNOWN","error":"Internal server error"}"#).isTransient)
        #expect(decode(408, "").isTransient)
        #expect(decode(504, "").serverReason == "(empty body)")
    }

    @Test func otherClientErrorsArePermanent() {
        let notFound = decode(404, #"{"errcode":"M_NOT_FOUND","error":"Event not found."}"#)
        #expect(notFound.isPermanent && notFound.errcode == "M_NOT_FOUND")
        #expect(notFound.description.contains("retrying will not help"))
        #expect(decode(400, #"{"errcode":"M_BAD_JSON","error":"Content not JSON.","extra":[1,2]}"#).isPermanent)
    }

    @Test func transportAndMalformedAreTransient() {
        let transport = MatrixError.transport(
            TransportFailure(
                endpoint: "GET /x", homeserver: "http://127.0.0.1:1", kind: .connectionRefused, code: -1004))
        #expect(transport.isTransient && transport.status == nil)
        #expect(transport.description.contains("connection refused"))
        let malformed = MatrixError.malformedResponse(
            MalformedResponse(endpoint: "GET /x", expected: "y", excerpt: "z"))
        #expect(malformed.isTransient)
    }
}
