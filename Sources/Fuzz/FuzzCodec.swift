/// The `codec` fuzz target: the frame codec and the messages of both links (properties in `FrameCodecFuzz`).

import Shared

/// Valid, mutated and random frame streams through `FrameDecoder` and every message decoder.
let codecFuzzTarget = FuzzTarget(
    name: "codec",
    summary: "frame decoder + agent/worker messages: mutated frames, random chunking, round-trips"
) { iterations, seed in
    do {
        let report = try FrameCodecFuzz.run(iterations: iterations, seed: seed)
        print("codec: \(report)")
    } catch {
        throw FuzzFailure(description: "\(error)")
    }
}
