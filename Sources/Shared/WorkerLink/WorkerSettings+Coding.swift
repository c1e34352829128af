/// The `start` frame's fields for ``WorkerSettings``.

import Foundation
import Logging

extension WorkerSettings {
    init(fields: FrameFields) throws(MessageError) {
        let encodedKey = try fields.nonEmptyString("store_key")
        guard let key = Data(base64Encoded: encodedKey) else {
            throw fields.error("store_key", .invalidValue(rule: "must be base64"))
        }
        self.init(
            homeserver: try fields.nonEmptyString("homeserver"),
            userID: try fields.identifier("user_id"),
            deviceID: try fields.nonEmptyString("device_id"),
            accessToken: try fields.nonEmptyString("access_token"),
            rooms: try fields.strings("rooms"),
            allowedUsers: try fields.strings("allowed_users"),
            mentionOnly: try fields.bool("mention_only"),
            storePath: try fields.nonEmptyString("store_path"),
            storeKey: Array(key),
            syncTimeoutMS: try fields.int("sync_timeout_ms", in: 0...Int64.max),
            timelineLimit: try fields.optionalInt("timeline_limit", in: 1...Int64.max) ?? Self.defaultTimelineLimit,
            catchUpMaxEvents: try fields.int("catch_up_max_events", in: 0...Int64.max),
            receiptReaction: try fields.string("receipt_reaction"),
            doneReaction: try fields.string("done_reaction"),
            logLevel: try fields.enumValue("log_level", Logger.Level.self))
    }

    func write(into object: inout JSONObject) {
        object.set("homeserver", homeserver)
        object.set("user_id", userID)
        object.set("device_id", deviceID)
        object.set("access_token", accessToken)
        object.set("rooms", rooms)
        object.set("allowed_users", allowedUsers)
        object.set("mention_only", mentionOnly)
        object.set("store_path", storePath)
        object.set("store_key", Data(storeKey).base64EncodedString())
        object.set("sync_timeout_ms", syncTimeoutMS)
        object.set("timeline_limit", timelineLimit)
        object.set("catch_up_max_events", catchUpMaxEvents)
        object.set("receipt_reaction", receiptReaction)
        object.set("done_reaction", doneReaction)
        object.set("log_level", logLevel.rawValue)
    }
}
