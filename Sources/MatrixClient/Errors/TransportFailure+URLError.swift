/// Mapping URLSession's errors to the few transport failure kinds a caller acts on.
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension TransportFailure {
    /// The failure for an error thrown by URLSession.
    init(_ error: any Error, endpoint: String, homeserver: String) {
        let code = (error as? URLError)?.code
        let kind: Kind
        switch code {
        case .cannotConnectToHost?: kind = .connectionRefused
        case .timedOut?: kind = .timedOut
        case .cannotFindHost?, .dnsLookupFailed?: kind = .dns
        case .networkConnectionLost?, .notConnectedToInternet?: kind = .connectionLost
        case .secureConnectionFailed?, .serverCertificateUntrusted?, .serverCertificateHasBadDate?,
            .serverCertificateNotYetValid?, .serverCertificateHasUnknownRoot?, .clientCertificateRejected?:
            kind = .tls
        default: kind = .other
        }
        self.init(
            endpoint: endpoint, homeserver: homeserver, kind: kind, code: code?.rawValue ?? (error as NSError).code)
    }
}
