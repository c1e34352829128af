/// The handshake over the real socket, byte for byte: welcome + status, hello_required, unsupported_protocol,
/// superseding, the observer extension, ping/pong, unknown_type and bad_request.
import Foundation
import Shared
@testable import Supervisor
import Testing
import TestSupport

@Suite struct AgentHandshakeTests {
    @Test func welcomeAndStatusAreByteExactAndStatusFollowsTheWorker() async throws {
        try await withDaemon { d in
            let agent = try d.connect()
            let (welcome, status) = try await agent.handshake()
            #expect(
                welcome.text
                    == #"{"type":"welcome","protocol":1,"user_id":"@bot:example.org","device_id":"TESTDEVICE","#
                    + #""rooms":["!room:example.org"],"state":"starting","daemon":"prx-matrix/0.1.0","#
                    + #""max_frame_bytes":1048576,"window":64}"#)
            #expect(status.text == #"{"type":"status","state":"starting","detail":"starting the worker"}"#)
            d.worker.connectSyncing()
            // connected (still starting: no worker state yet), then syncing.
            #expect(
                try await agent.expect().text
                    == #"{"type":"status","state":"starting","detail":"waiting for the first sync"}"#)
            #expect(try await agent.expect().text == #"{"type":"status","state":"syncing"}"#)
            d.worker.emit(.identity(userID: "@real:example.org", deviceID: "REALDEV"))
            d.worker.emit(.status(WorkerStatus(phase: .reconnecting, detail: "homeserver unreachable")))
            #expect(
                try await agent.expect().text
                    == #"{"type":"status","state":"reconnecting","detail":"homeserver unreachable"}"#)
            let (second, _) = try await d.connect().handshake()
            #expect(second.string("user_id") == "@real:example.org" && second.string("device_id") == "REALDEV")
            #expect(second.string("state") == "reconnecting")
        }
    }

    @Test func aFirstFrameOtherThanHelloGetsHelloRequiredAndClose() async throws {
        try await withDaemon { d in
            let agent = try d.connect()
            await agent.send(#"{"type":"ping","id":"p1"}"#)
            let error = try await agent.expect()
            #expect(error.type == "error" && error.string("code") == "hello_required")
            #expect(try await agent.isClosedByDaemon())
        }
    }

    @Test func anUnsupportedProtocolGetsAnErrorAndClose() async throws {
        try await withDaemon { d in
            let agent = try d.connect()
            await agent.send(#"{"type":"hello","protocol":2}"#)
            let error = try await agent.expect()
            #expect(error.string("code") == "unsupported_protocol")
            #expect(try await agent.isClosedByDaemon())
        }
    }

    @Test func aNewHelloSupersedesTheOldSession() async throws {
        try await withDaemon { d in
            let first = try await d.agent()
            let second = try await d.agent()
            let error = try await first.expect()
            #expect(error.string("code") == "superseded")
            #expect(try await first.isClosedByDaemon())
            await second.send(#"{"type":"ping","id":"p"}"#)
            #expect(try await second.expect().text == #"{"type":"pong","id":"p"}"#)
        }
    }

    @Test func anObserverSupersedesNobodyAndGetsNoMessages() async throws {
        try await withDaemon { d in
            let agent = try await d.agent()
            let observer = try d.connect()
            await observer.send(#"{"type":"hello","protocol":1,"agent":"prx-matrix-status","observe":true}"#)
            #expect(try await observer.expect().type == "welcome")
            #expect(try await observer.expect().type == "status")
            d.worker.connectSyncing()
            d.worker.emit(.batch(id: 1, events: [inbound("a")]))
            // The agent gets the status changes and the message; the observer only the status changes.
            #expect(try await agent.expect().string("state") == "starting")
            #expect(try await agent.expect().string("state") == "syncing")
            #expect(try await agent.expect().int("seq") == 1)
            #expect(try await observer.expect().string("state") == "starting")
            #expect(try await observer.expect().string("state") == "syncing")
            await observer.send(#"{"type":"ack","seq":1}"#)
            let refused = try await observer.expect()
            #expect(refused.string("code") == "bad_request" && refused.string("field") == "type")
            await observer.send(#"{"type":"ping"}"#)
            #expect(try await observer.expect().text == #"{"type":"pong"}"#)
            await agent.send(#"{"type":"ping","id":"still-here"}"#)
            #expect(try await agent.expect().text == #"{"type":"pong","id":"still-here"}"#)
        }
    }

    @Test func unknownTypeKeepsTheConnectionAndBadRequestNamesFieldAndID() async throws {
        try await withDaemon { d in
            let agent = try await d.agent()
            await agent.send(#"{"type":"teleport","id":"t1"}"#)
            let unknown = try await agent.expect()
            #expect(unknown.type == "error" && unknown.string("code") == "unknown_type")
            await agent.send(#"{"type":"send","id":"c-1","room_id":"!room:example.org"}"#)
            let bad = try await agent.expect()
            #expect(
                bad.text
                    == #"{"type":"error","code":"bad_request","message":"send: required field \"body\" is missing","id":"c-1","field":"body"}"#
            )
            await agent.send(#"{"type":"ping","id":"p1"}"#)
            #expect(try await agent.expect().text == #"{"type":"pong","id":"p1"}"#)
        }
    }
}
