/// The `prx-matrix-worker` entry point: started by the supervisor, never by hand.
import Shared

@main
enum WorkerMain {
    static func main() async {
        print("prx-matrix-worker \(ProjectInfo.version): started by prx-matrix, not by hand")
    }
}
