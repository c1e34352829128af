/// `prx-matrix-bench`: micro-benchmarks of this project's own code, printed as JSON lines for scripts/bench-*.
///
/// Usage: `prx-matrix-bench NAME [ITERATIONS]`. Each benchmark lives in its own file as a `Benchmark`
/// and reports operations per second; the scripts compare them with anchors (vodozemac, libolm, raw
/// sockets) measured in the same run and print ratios.
import Foundation

/// One named benchmark: `run(iterations)` returns how many operations it performed.
struct Benchmark: Sendable {
    let name: String
    let summary: String
    let run: @Sendable (_ iterations: Int) throws -> Int
}

/// Every benchmark; each file adds its own entry here.
let benchmarks: [Benchmark] = [
    .olmSession, .olmRoundtrip, benchMegolmEncrypt, benchMegolmDecrypt, .ed25519SignSodium, .ed25519VerifySodium,
    .ed25519SignSwiftCrypto, .ed25519VerifySwiftCrypto,
]

@main
enum BenchMain {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, let bench = benchmarks.first(where: { $0.name == name }) else {
            print("usage: prx-matrix-bench NAME [ITERATIONS]\nbenchmarks:")
            for b in benchmarks { print("  \(b.name)  \(b.summary)") }
            exit(64)
        }
        let iterations = args.dropFirst().first.flatMap { Int($0) } ?? 10_000
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let ops = try bench.run(iterations)
            let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print("{\"name\":\"\(name)\",\"ops\":\(ops),\"seconds\":\(secs),\"ops_per_sec\":\(Double(ops) / secs)}")
        } catch {
            print("{\"name\":\"\(name)\",\"error\":\"\(error)\"}")
            exit(1)
        }
    }
}
