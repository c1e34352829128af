/// The client identifies itself.
import MatrixClient
import Testing

@Test func userAgentNamesTheProject() {
    #expect(MatrixClientInfo.userAgent.hasPrefix("prx-matrix"))
}
