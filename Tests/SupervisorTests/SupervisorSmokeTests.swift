/// Smoke test that the Supervisor module builds for tests.
@testable import Supervisor
import Testing

@Test func supervisorModuleLoads() {
    #expect(Bool(true) != Bool(false))
}
