/// Mapping libcurl's result codes to the few transport failure kinds a caller acts on.
import CCurl

extension TransportFailure {
    /// The failure for an exchange that libcurl ended with `CURLcode` `curlCode`.
    init(curlCode: Int, endpoint: String, homeserver: String) {
        self.init(endpoint: endpoint, homeserver: homeserver, kind: Self.kind(curlCode: curlCode), code: curlCode)
    }

    /// The kind of failure a `CURLcode` stands for.
    static func kind(curlCode: Int) -> Kind {
        switch UInt32(clamping: curlCode) {
        case CURLE_COULDNT_CONNECT.rawValue: .connectionRefused
        case CURLE_OPERATION_TIMEDOUT.rawValue: .timedOut
        case CURLE_COULDNT_RESOLVE_HOST.rawValue: .dns
        case CURLE_RECV_ERROR.rawValue, CURLE_SEND_ERROR.rawValue, CURLE_GOT_NOTHING.rawValue,
            CURLE_PARTIAL_FILE.rawValue:
            .connectionLost
        case CURLE_SSL_CONNECT_ERROR.rawValue, CURLE_PEER_FAILED_VERIFICATION.rawValue, CURLE_SSL_CERTPROBLEM.rawValue,
            CURLE_SSL_CIPHER.rawValue, CURLE_SSL_CACERT_BADFILE.rawValue, CURLE_SSL_ENGINE_NOTFOUND.rawValue,
            CURLE_SSL_ENGINE_SETFAILED.rawValue, CURLE_SSL_ENGINE_INITFAILED.rawValue, CURLE_USE_SSL_FAILED.rawValue,
            CURLE_SSL_SHUTDOWN_FAILED.rawValue, CURLE_SSL_CRL_BADFILE.rawValue, CURLE_SSL_ISSUER_ERROR.rawValue,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH.rawValue, CURLE_SSL_INVALIDCERTSTATUS.rawValue,
            CURLE_SSL_CLIENTCERT.rawValue:
            .tls
        default: .other
        }
    }
}
