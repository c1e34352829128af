/// The `state` frame's fields for ``WorkerStatus``.

extension WorkerStatus {
    init(fields: FrameFields) throws(MessageError) {
        let phase: WorkerPhase
        switch try fields.string("state") {
        case "starting": phase = .starting
        case "syncing": phase = .syncing
        case "reconnecting": phase = .reconnecting
        case "token_invalid": phase = .tokenInvalid(softLogout: try fields.bool("soft_logout"))
        default:
            throw fields.error(
                "state",
                .invalidValue(rule: "must be one of \"starting\", \"syncing\", \"reconnecting\", \"token_invalid\""))
        }
        var problems: [RoomProblem] = []
        if fields.value("rooms") != nil {
            for element in try fields.objects("rooms") {
                problems.append(
                    RoomProblem(
                        room: try element.nonEmptyString("room"),
                        kind: try element.enumValue("problem", RoomProblem.Kind.self),
                        detail: try element.optionalString("detail")))
            }
        }
        self.init(phase: phase, detail: try fields.optionalString("detail"), roomProblems: problems)
    }

    func write(into object: inout JSONObject) {
        switch phase {
        case .starting: object.set("state", "starting")
        case .syncing: object.set("state", "syncing")
        case .reconnecting: object.set("state", "reconnecting")
        case .tokenInvalid(let softLogout):
            object.set("state", "token_invalid")
            object.set("soft_logout", softLogout)
        }
        object.set("detail", detail)
        if !roomProblems.isEmpty {
            object["rooms"] = .array(
                roomProblems.map { problem in
                    var element: JSONObject = [
                        "room": .string(problem.room), "problem": .string(problem.kind.rawValue),
                    ]
                    element.set("detail", problem.detail)
                    return .object(element)
                })
        }
    }
}
