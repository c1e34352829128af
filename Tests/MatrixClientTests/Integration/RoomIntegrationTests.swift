/// Rooms and messages against a real Synapse: invite, join, filtered sync, idempotent send, gap filling,
/// reactions, receipts, typing, encryption state.
import Foundation
import MatrixClient
import Testing
import TestSupport

@Suite(.serialized) struct RoomIntegrationTests {
    private struct Text: Codable, Sendable {
        var msgtype = "m.text"
        let body: String
    }

    private struct Message: Decodable {
        let content: Text
    }

    @Test func inviteJoinFilterSendReactReceiptTyping() async throws {
        try await SynapseTestbed.run { testbed in
            let bot = testbed.botClient
            let roomId = try await testbed.aliceCreatesRoom(alias: "lobby")

            let (inviter, _) = try await SynapseTestbed.syncUntil(bot, since: nil) { sync in
                sync.rooms.invite[roomId]?.inviteState.first {
                    $0.type == "m.room.member" && $0.stateKey == testbed.bot.userID
                }?.sender
            }
            #expect(inviter == testbed.alice.userID)
            #expect(try await bot.resolveAlias("#lobby:localhost").roomId == roomId)
            #expect(try await bot.join("#lobby:localhost") == roomId)
            #expect(try await bot.joinedRooms() == [roomId])
            #expect(Set(try await bot.joinedMembers(roomId).keys) == [testbed.bot.userID, testbed.alice.userID])
            #expect(try await bot.roomEncryption(roomId) == nil)

            let filter = try await bot.uploadFilter(
                .forRooms([roomId], timelineLimit: 20, timelineTypes: nil), userId: testbed.bot.userID)
            let initial = try await bot.sync(since: nil, timeout: .zero, filter: filter)
            #expect(initial.rooms.join.keys.sorted() == [roomId])

            let first = try await bot.send(
                roomId: roomId, eventType: "m.room.message", txnId: "outbox-1", content: Text(body: "hello"))
            let again = try await bot.send(
                roomId: roomId, eventType: "m.room.message", txnId: "outbox-1", content: Text(body: "hello"))
            #expect(first == again)
            let reaction = try await bot.react(roomId: roomId, to: first, key: "👀", txnId: "react/1")
            try await bot.sendReceipt(roomId: roomId, eventId: first)
            try await bot.setTyping(roomId: roomId, userId: testbed.bot.userID, typing: true)

            var seen: (messages: [String], reaction: ReactionContent?, receipt: Bool, typing: Bool) = (
                [], nil, false, false
            )
            _ = try await SynapseTestbed.syncUntil(testbed.aliceClient, since: nil) { sync -> Bool? in
                guard let room = sync.rooms.join[roomId] else { return nil }
                for event in room.timeline.events {
                    if event.type == "m.room.message", event.sender == testbed.bot.userID {
                        seen.messages.append(event.eventId ?? "?")
                    }
                    if event.eventId == reaction { seen.reaction = try? event.decodeContent(as: ReactionContent.self) }
                }
                for event in room.ephemeral {
                    if event.type == "m.receipt", event.content?[first]?["m.read"]?[testbed.bot.userID] != nil {
                        seen.receipt = true
                    }
                    if event.type == "m.typing",
                        event.content?["user_ids"]?.arrayValue?.contains(.string(testbed.bot.userID)) == true
                    {
                        seen.typing = true
                    }
                }
                return seen.reaction != nil && seen.receipt && seen.typing ? true : nil
            }
            #expect(seen.messages == [first])
            #expect(seen.reaction == ReactionContent(eventId: first, key: "👀"))
            try await bot.setTyping(roomId: roomId, userId: testbed.bot.userID, typing: false)
        }
    }

    @Test func theBotsFilterLeavesOutItsOwnEventsAndEphemeralOnes() async throws {
        try await SynapseTestbed.run { testbed in
            let bot = testbed.botClient
            let roomId = try await testbed.aliceCreatesRoom()
            _ = try await bot.join(roomId)
            let filter = try await bot.uploadFilter(
                .forRooms(
                    [roomId], timelineLimit: 20, timelineTypes: ["m.room.message"],
                    excludingSender: testbed.bot.userID),
                userId: testbed.bot.userID)
            let since = try await bot.sync(since: nil, timeout: .zero, filter: filter).nextBatch

            let own = try await bot.send(
                roomId: roomId, eventType: "m.room.message", txnId: "own-1", content: Text(body: "from the bot"))
            try await bot.sendReceipt(roomId: roomId, eventId: own)
            try await bot.setTyping(roomId: roomId, userId: testbed.bot.userID, typing: true)
            let theirs = try await testbed.aliceClient.send(
                roomId: roomId, eventType: "m.room.message", txnId: "alice-1", content: Text(body: "from alice"))

            var senders: [String] = []
            var ephemeral = 0
            _ = try await SynapseTestbed.syncUntil(bot, since: since, filter: filter) { sync -> Bool? in
                let room = sync.rooms.join[roomId]
                senders += room?.timeline.events.compactMap(\.sender) ?? []
                ephemeral += room?.ephemeral.count ?? 0
                return room?.timeline.events.contains { $0.eventId == theirs } == true ? true : nil
            }
            #expect(senders == [testbed.alice.userID])
            #expect(ephemeral == 0)
            try await bot.setTyping(roomId: roomId, userId: testbed.bot.userID, typing: false)
        }
    }

    @Test func limitedTimelineGapIsFilledWithMessages() async throws {
        try await SynapseTestbed.run { testbed in
            let bot = testbed.botClient
            let roomId = try await testbed.aliceCreatesRoom()
            _ = try await bot.join(roomId)
            let filter = try await bot.uploadFilter(
                .forRooms([roomId], timelineLimit: 3, timelineTypes: ["m.room.message"]), userId: testbed.bot.userID)
            let since = try await bot.sync(since: nil, timeout: .zero, filter: filter).nextBatch

            for index in 0..<8 {
                _ = try await testbed.aliceClient.send(
                    roomId: roomId, eventType: "m.room.message", txnId: "m\(index)", content: Text(body: "m\(index)"))
            }
            let (timeline, _) = try await SynapseTestbed.syncUntil(bot, since: since, filter: filter) { sync in
                sync.rooms.join[roomId]?.timeline
            }
            #expect(timeline.limited && timeline.events.count == 3)
            let prevBatch = try #require(timeline.prevBatch)
            let recent = try timeline.events.map { try $0.decode(as: Message.self).content.body }
            #expect(recent == ["m5", "m6", "m7"])

            let page = try await bot.messages(
                roomId: roomId, from: prevBatch, direction: .backward, limit: 10,
                filter: RoomEventFilter(types: ["m.room.message"]))
            let older = page.chunk.compactMap { try? $0.decode(as: Message.self).content.body }
            #expect(older == ["m4", "m3", "m2", "m1", "m0"])
        }
    }

    @Test func encryptionStateAndForbiddenRooms() async throws {
        try await SynapseTestbed.run { testbed in
            let encrypted = try await testbed.aliceCreatesRoom(encrypted: true)
            let forbidden = try await #require(throws: MatrixError.self) {
                try await testbed.botClient.roomEncryption(encrypted)
            }
            #expect(forbidden.errcode == "M_FORBIDDEN" && forbidden.isPermanent)
            let notMember = try await #require(throws: MatrixError.self) {
                try await testbed.botClient.joinedMembers(encrypted)
            }
            #expect(notMember.status == 403)

            _ = try await testbed.botClient.join(encrypted)
            let encryption = try await testbed.botClient.roomEncryption(encrypted)
            #expect(encryption?.algorithm == "m.megolm.v1.aes-sha2")
        }
    }
}
