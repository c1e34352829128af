/// Smoke test that the Worker module builds for tests.
@testable import Worker
import Testing

@Test func workerModuleLoads() {
    #expect(Bool(true) != Bool(false))
}
