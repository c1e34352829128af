/// The link rules of the real worker without a homeserver: heartbeats, shutdown, a closed link, bad frames.
import Foundation
import Logging
import MatrixCrypto
import Shared
import TestSupport
import Testing

@testable import Worker

@Suite struct WorkerRuntimeLinkTests {
    /// Settings pointing at a port where nothing listens.
    static func unreachableSettings() -> WorkerSettings {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-worker-link-\(UUID().uuidString)")
        return WorkerSettings(
            homeserver: "http://127.0.0.1:9", userID: "@bot:localhost", deviceID: "DEV", accessToken: "secret-token",
            rooms: ["!r:localhost"], allowedUsers: ["*"], mentionOnly: false,
            storePath: directory.appendingPathComponent("worker.sqlite").path, storeKey: Primitives.randomBytes(32),
            syncTimeoutMS: 1000, catchUpMaxEvents: 100, receiptReaction: "", doneReaction: "", logLevel: .debug)
    }

    @Test func unreachableHomeserverIsReconnectingWithTheReasonAndHeartbeatsAreAnswered() async throws {
        let worker = try WorkerUnderTest.start(Self.unreachableSettings())
        try await worker.state(.starting)
        let status = try await worker.state(.reconnecting)
        #expect(status.detail?.contains("connection refused") == true)
        #expect(status.detail?.contains("retrying in") == true)
        try worker.send(.heartbeat(id: 41))
        let id = try await worker.next { event -> Int64? in
            if case .heartbeatAck(let id) = event { return id }
            return nil
        }
        #expect(id == 41)
        #expect(!worker.logLines.contains { $0.contains("secret-token") })
        #expect(try await worker.stop() == WorkerExitCode.ok.rawValue)
    }

    @Test func withoutLibcurlTheStatusSaysWhyAndHowToFixIt() async throws {
        // libcurl is opened on first use: a library of that name that does not load stands for a missing one.
        let libraries = FileManager.default.temporaryDirectory.appendingPathComponent(
            "prx-worker-nocurl-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: libraries, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: libraries) }
        _ = FileManager.default.createFile(atPath: "\(libraries)/libcurl.so.4", contents: Data())
        let worker = try WorkerUnderTest.start(
            Self.unreachableSettings(), environment: ["LD_LIBRARY_PATH=\(libraries)"])
        let status = try await worker.state(.reconnecting)
        #expect(
            status.detail?.hasPrefix(
                "GET /_matrix/client/v3/account/whoami to http://127.0.0.1:9: libcurl could not be loaded (\(libraries)/libcurl.so.4: file too short) (fix: install libcurl 7.68 or newer (Debian: apt-get install libcurl4)"
            ) == true, "\(status.detail ?? "no detail")")
        #expect(try await worker.stop() == WorkerExitCode.ok.rawValue)
    }

    @Test func aClosedLinkEndsTheWorkerWithExitZero() async throws {
        let worker = try WorkerUnderTest.start(Self.unreachableSettings())
        try await worker.state(.reconnecting)
        shutdown(worker.fd, Int32(SHUT_RDWR))
        #expect(try await worker.waitForExit() == WorkerExitCode.ok.rawValue)
    }

    @Test func aMalformedFrameEndsTheWorkerWithTheLinkProtocolCode() async throws {
        let worker = try WorkerUnderTest.start(Self.unreachableSettings())
        try await worker.state(.starting)
        let garbage = Frame.lengthPrefix(5) + Array("nope!".utf8)
        _ = garbage.withUnsafeBytes { send(worker.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        #expect(try await worker.waitForExit() == WorkerExitCode.linkProtocol.rawValue)
    }
}
