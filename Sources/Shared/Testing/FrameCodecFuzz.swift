/// The frame codec's fuzz properties, run by `prx-matrix-fuzz codec` and, bounded, by the test suite (test/fuzz aid).

/// Feeds the codec valid, mutated and random streams from ``FrameMutator`` and checks, for each:
/// - no crash, and every stream ends in frames and at most one typed ``FrameError``;
/// - decoding in random chunks (down to single bytes) gives the same frames and error as one read;
/// - the decoder never holds more than one partial frame after its frames are drained (memory bound);
/// - every decoded frame re-encodes and decodes to itself, and every frame that decodes as a message
///   of a link re-encodes to a frame that decodes to the same message;
/// - unmutated streams decode to exactly the objects encoded, with no error.
public enum FrameCodecFuzz {
    /// A broken property, with the input that broke it.
    public struct Violation: Error, CustomStringConvertible {
        /// The iteration (0-based) of the run.
        public let iteration: Int
        /// The property broken.
        public let property: String
        /// The stream, in hex.
        public let input: String

        /// One line with everything needed to reproduce.
        public var description: String { "iteration \(iteration): \(property); input \(input)" }
    }

    /// What a run exercised, so a run that tests nothing shows it.
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        /// Streams fed.
        public var inputs = 0
        /// Frames decoded.
        public var frames = 0
        /// Decodings of a frame as a message of a link (each frame is tried with all four message types).
        public var messages = 0
        /// Decodings that failed with a ``MessageError``.
        public var messageErrors = 0
        /// Streams that ended in a ``FrameError``, by its case name.
        public var frameErrors: [String: Int] = [:]

        /// A one-line summary.
        public var description: String {
            let errors = frameErrors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return
                "\(inputs) inputs, \(frames) frames, \(messages) messages, \(messageErrors) message errors; frame errors: \(errors)"
        }
    }

    /// Runs `iterations` inputs generated from `seed`; throws the first ``Violation``.
    public static func run(iterations: Int, seed: UInt64) throws(Violation) -> Report {
        var mutator = FrameMutator(seed: seed)
        var report = Report()
        for iteration in 0..<iterations {
            let limit =
                mutator.random.oneIn(4) ? Int.random(in: 1...512, using: &mutator.random) : Frame.defaultMaxBytes
            let objects = (0..<Int.random(in: 0...4, using: &mutator.random)).map { _ in
                mutator.random.oneIn(6) ? mutator.mutatedFields(of: mutator.validObject()) : mutator.validObject()
            }
            let clean = objects.flatMap { FrameMutator.frameBytes(.object($0)) }
            let kind = Int.random(in: 0..<10, using: &mutator.random)
            let stream: [UInt8] =
                switch kind {
                case 0: clean
                case 1:
                    (0..<Int.random(in: 0...64, using: &mutator.random)).map { _ in
                        UInt8.random(in: 0...255, using: &mutator.random)
                    }
                case 2: clean + mutator.anyJSONFrame()
                default: mutator.mutated(clean)
                }
            func fail(_ property: String) -> Violation {
                Violation(
                    iteration: iteration, property: property,
                    input: stream.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
            }

            let whole = decode([stream[...]], limit: limit)
            guard let whole else { throw fail("decoder held more than one partial frame") }
            guard decode(mutator.chunked(stream), limit: limit) == whole else {
                throw fail("chunked decoding differs from one-shot decoding")
            }
            if kind == 0, limit == Frame.defaultMaxBytes {
                guard whole.error == nil, whole.frames.map(\.object) == objects else {
                    throw fail("valid frames did not decode to the objects encoded")
                }
            }
            report.inputs += 1
            report.frames += whole.frames.count
            if let error = whole.error { report.frameErrors[caseName(error), default: 0] += 1 }
            for frame in whole.frames {
                guard (try? Frame(payload: JSONWriter.bytes(of: frame.object))) == frame else {
                    throw fail("frame does not round-trip: \(frame.object)")
                }
                let results = messageRoundTrips(frame)
                guard !results.contains(false) else { throw fail("message does not round-trip: \(frame.object)") }
                report.messages += results.count { $0 == true }
                report.messageErrors += results.count { $0 == nil }
            }
        }
        return report
    }

    struct Outcome: Equatable {
        var frames: [Frame] = []
        var error: FrameError?
    }

    /// Decodes the chunks, draining after each; `nil` if the decoder ever held more than one partial frame.
    static func decode(_ chunks: [ArraySlice<UInt8>], limit: Int) -> Outcome? {
        var decoder = FrameDecoder(maxFrameBytes: limit)
        var outcome = Outcome()
        for chunk in chunks {
            decoder.feed(chunk)
            do {
                while let frame = try decoder.next() { outcome.frames.append(frame) }
            } catch {
                outcome.error = error
                return outcome
            }
            guard decoder.bufferedByteCount < 4 + limit else { return nil }
        }
        return outcome
    }

    /// For each link's message type: `true` when the frame decodes as its message and that message
    /// re-encodes to a frame that decodes to the same message, `false` when it does not, `nil` when the
    /// link rejects the frame with a ``MessageError``.
    static func messageRoundTrips(_ frame: Frame) -> [Bool?] {
        func check<M: FrameMessage>(_: M.Type) -> Bool? {
            guard let message = try? M(frame: frame) else { return nil }
            guard let again = try? Frame(payload: JSONWriter.bytes(of: message.jsonObject)) else { return false }
            return (try? M(frame: again)) == message
        }
        return [
            check(AgentRequest.self), check(DaemonMessage.self), check(SupervisorCommand.self), check(WorkerEvent.self),
        ]
    }

    static func caseName(_ error: FrameError) -> String {
        switch error {
        case .emptyFrame: "empty"
        case .frameTooLarge: "too_large"
        case .invalidUTF8: "utf8"
        case .invalidJSON: "json"
        case .notAnObject: "not_object"
        case .missingType: "no_type"
        case .typeNotString: "type_not_string"
        }
    }
}
