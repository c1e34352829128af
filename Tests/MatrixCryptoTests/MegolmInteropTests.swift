/// Megolm interop with the real implementations, vodozemac and libolm (python-olm), both ways:
/// session keys (v2) and exports (v1) at several indexes, messages at several indexes.
import Foundation
import MatrixCrypto
import TestSupport
import Testing

@Suite("Megolm interop with vodozemac and libolm")
struct MegolmInteropTests {
    static let backends = ["vodozemac", "olm"]

    /// Runs `body` with a started megolm peer, closed afterwards.
    static func withPeer(_ body: (PythonPeer) async throws -> Void) async throws {
        try await PythonPeer.with(script: "peers/megolm_peer.py", body)
    }

    static func string(_ reply: [String: Any], _ key: String) throws -> String {
        try #require(reply[key] as? String, "peer reply has no string \(key): \(reply)")
    }

    static func int(_ reply: [String: Any], _ key: String) throws -> Int {
        try #require(reply[key] as? Int, "peer reply has no integer \(key): \(reply)")
    }

    @Test(
        "Our session key (v2) imported by the peer; our messages decrypted there at indexes 0…300",
        arguments: backends)
    func ourMessagesDecryptThere(backend: String) async throws {
        try await Self.withPeer { peer in
            var outbound = try OutboundGroupSession()
            let created = try await peer.call([
                "cmd": "inbound_new", "backend": backend, "session_key": outbound.sessionKey().base64,
            ])
            #expect(try Self.string(created, "session_id") == outbound.sessionId)
            #expect(try Self.int(created, "first_known_index") == 0)
            let handle = try Self.string(created, "handle")
            for i in 0...300 {
                let message = try outbound.encrypt(Array("ours \(i) ✓".utf8))
                guard [0, 1, 2, 17, 255, 256, 300].contains(i) else { continue }
                let reply = try await peer.call([
                    "cmd": "decrypt", "backend": backend, "handle": handle, "ciphertext": message.base64,
                ])
                #expect(try Self.string(reply, "plaintext") == "ours \(i) ✓")
                #expect(try Self.int(reply, "index") == i)
            }
        }
    }

    @Test(
        "The peer's session key (v2) imported by us; its messages decrypted here at several indexes",
        arguments: backends)
    func theirMessagesDecryptHere(backend: String) async throws {
        try await Self.withPeer { peer in
            let created = try await peer.call(["cmd": "outbound_new", "backend": backend])
            var inbound = try InboundGroupSession(sessionKey: Self.string(created, "session_key"))
            #expect(inbound.sessionId == (try Self.string(created, "session_id")))
            #expect(inbound.isVerified)
            let handle = try Self.string(created, "handle")
            var ciphertexts: [String] = []
            for i in 0..<260 {
                let reply = try await peer.call([
                    "cmd": "encrypt", "backend": backend, "handle": handle, "plaintext": "theirs \(i)",
                ])
                #expect(try Self.int(reply, "index") == i)
                ciphertexts.append(try Self.string(reply, "ciphertext"))
            }
            for i in [259, 0, 1, 128, 256, 3] {
                let decrypted = try inbound.decrypt(base64: ciphertexts[i])
                #expect(decrypted.index == UInt32(i))
                #expect(decrypted.plaintext == Array("theirs \(i)".utf8))
            }
        }
    }

    @Test(
        "The peer's exports (v1) at several indexes imported by us; first known index honoured",
        arguments: backends)
    func theirExportsImportHere(backend: String) async throws {
        try await Self.withPeer { peer in
            let created = try await peer.call(["cmd": "outbound_new", "backend": backend])
            let outHandle = try Self.string(created, "handle")
            let inbound = try await peer.call([
                "cmd": "inbound_new", "backend": backend, "session_key": Self.string(created, "session_key"),
            ])
            let inHandle = try Self.string(inbound, "handle")
            var ciphertexts: [String] = []
            for i in 0..<40 {
                let reply = try await peer.call([
                    "cmd": "encrypt", "backend": backend, "handle": outHandle, "plaintext": "x\(i)",
                ])
                ciphertexts.append(try Self.string(reply, "ciphertext"))
            }
            for k in [0, 1, 9, 33] {
                let exported = try await peer.call([
                    "cmd": "export", "backend": backend, "handle": inHandle, "index": k,
                ])
                let export = try Self.string(exported, "export")
                var ours = try InboundGroupSession(exportedKey: export)
                #expect(ours.firstKnownIndex == UInt32(k))
                #expect(!ours.isVerified)
                for i in [k, k + 1, 39] {
                    #expect(try ours.decrypt(base64: ciphertexts[i]).plaintext == Array("x\(i)".utf8))
                }
                if k > 0 {
                    #expect(throws: MegolmError.unknownMessageIndex(firstKnown: UInt32(k), got: UInt32(k - 1))) {
                        try ours.decrypt(base64: ciphertexts[k - 1])
                    }
                }
            }
        }
    }

    @Test(
        "Our exports (v1) at several indexes imported by the peer, which decrypts from there on",
        arguments: backends)
    func ourExportsImportThere(backend: String) async throws {
        try await Self.withPeer { peer in
            var outbound = try OutboundGroupSession()
            let inbound = try InboundGroupSession(sessionKey: outbound.sessionKey().base64)
            let messages = try (0..<300).map { i in try outbound.encrypt(Array("e\(i)".utf8)) }
            for k in [0, 5, 256, 290] {
                let export = try inbound.export(at: UInt32(k))
                let imported = try await peer.call([
                    "cmd": "inbound_import", "backend": backend, "export": export.base64,
                ])
                #expect(try Self.int(imported, "first_known_index") == k)
                let handle = try Self.string(imported, "handle")
                for i in [k, k + 3, 299] {
                    let reply = try await peer.call([
                        "cmd": "decrypt", "backend": backend, "handle": handle, "ciphertext": messages[i].base64,
                    ])
                    #expect(try Self.string(reply, "plaintext") == "e\(i)")
                    #expect(try Self.int(reply, "index") == i)
                }
                if k > 0 {
                    await #expect(throws: PythonPeerError.self) {
                        try await peer.call([
                            "cmd": "decrypt", "backend": backend, "handle": handle,
                            "ciphertext": messages[k - 1].base64,
                        ])
                    }
                }
            }
        }
    }

    @Test("A session key of ours taken at a later index is accepted by the peer at that index", arguments: backends)
    func ourLaterSessionKey(backend: String) async throws {
        try await Self.withPeer { peer in
            // 70,000 ratchet steps take seconds of CPU in a debug build: on a thread of their own, not the pool's.
            var outbound = try await offCooperativePool {
                var outbound = try OutboundGroupSession()
                for _ in 0..<70_000 { _ = try outbound.encrypt([0]) }
                return outbound
            }
            let created = try await peer.call([
                "cmd": "inbound_new", "backend": backend, "session_key": outbound.sessionKey().base64,
            ])
            #expect(try Self.int(created, "first_known_index") == 70_000)
            let message = try outbound.encrypt(Array("far".utf8))
            let reply = try await peer.call([
                "cmd": "decrypt", "backend": backend, "handle": Self.string(created, "handle"),
                "ciphertext": message.base64,
            ])
            #expect(try Self.string(reply, "plaintext") == "far")
        }
    }
}
