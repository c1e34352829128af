/// `prx-matrix-fake-worker`: a TEST DOUBLE of `prx-matrix-worker` for the supervisor's lifecycle tests.
import Foundation
import Shared

/// Entry point of the test double. It speaks the worker link on `$PRX_MATRIX_LINK_FD` (fd 3) like
/// the real worker, never touches a homeserver, and crashes, hangs or misbehaves when a test appends
/// a command to `<dir of store_path>/fake-worker.commands` (see ``FakeWorkerCommand``). It is built
/// for tests and benchmarks only; the supervisor never runs it unless told to.
@main
enum FakeWorkerMain {
    static func main() {
        let linkFD = ProcessInfo.processInfo.environment["PRX_MATRIX_LINK_FD"].flatMap(Int32.init) ?? 3
        var worker = FakeWorker(linkFD: linkFD)
        worker.run()
    }
}
