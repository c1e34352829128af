/// `prx-matrix-fuzz`: long mutation-fuzz runs of every decoder, driven by `scripts/fuzz`.
///
/// Usage: `prx-matrix-fuzz TARGET [ITERATIONS] [SEED]`. Each target lives in its own file as a
/// `FuzzTarget`; a target reports a failure by throwing ``FuzzFailure`` (a decoder that crashes
/// kills the process, which the script reports too).
import Foundation

/// A decoder under fuzz: `run` feeds it `iterations` generated inputs from `seed`.
struct FuzzTarget: Sendable {
    let name: String
    let summary: String
    let run: @Sendable (_ iterations: Int, _ seed: UInt64) throws -> Void
}

/// A property of a decoder that a fuzz input broke.
struct FuzzFailure: Error, CustomStringConvertible {
    let description: String
}

/// Every fuzz target; each file adds its own entry here.
let fuzzTargets: [FuzzTarget] = [codecFuzzTarget, .olm, megolmFuzzTarget]

@main
enum FuzzMain {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, let target = fuzzTargets.first(where: { $0.name == name }) else {
            print("usage: prx-matrix-fuzz TARGET [ITERATIONS] [SEED]\ntargets:")
            for t in fuzzTargets { print("  \(t.name)  \(t.summary)") }
            exit(64)
        }
        let iterations = args.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
        let seed = args.dropFirst(2).first.flatMap { UInt64($0) } ?? UInt64(Date().timeIntervalSince1970)
        let start = Date()
        do {
            try target.run(iterations, seed)
            let secs = Date().timeIntervalSince(start)
            print("fuzz \(name): \(iterations) inputs, seed \(seed), no failure (\(String(format: "%.1f", secs)) s)")
        } catch {
            print("fuzz \(name): FAILED with seed \(seed): \(error)")
            exit(1)
        }
    }
}
