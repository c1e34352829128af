/// Smoke test of the Shared module.
import Shared
import Testing

@Test func protocolVersionIsOne() {
    #expect(ProjectInfo.agentProtocolVersion == 1)
}
