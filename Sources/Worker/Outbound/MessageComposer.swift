/// The `m.room.message` contents of a `send`: body and HTML, msgtype, reply and thread relations, split parts.
import MatrixClient
import Shared

/// One event's text: the plain `body` and, for markdown that formats something, the HTML.
struct MessagePart: Sendable, Equatable {
    /// The plain text (the agent's markdown source, as Matrix expects for `body`).
    var body: String
    /// The `org.matrix.custom.html` `formatted_body`, when it differs from the escaped body.
    var formattedBody: String?
}

/// Builds what a `send` puts in the room.
///
/// - **Size.** An event must stay under 65,536 bytes as canonical JSON. The text of one event (body
///   plus formatted body, as escaped JSON strings) is kept within ``budget`` (60,000 bytes by default),
///   leaving room for the relations and the homeserver's own fields. Longer texts are split by
///   ``MessageSplitter`` and each part is rendered on its own; a part whose HTML does not fit is split
///   again, smaller.
/// - **Replies** carry `m.relates_to.m.in_reply_to.event_id` and no fallback: Matrix 1.13 removed the
///   reply fallback (`> <@user> quote` in `body`, `<mx-reply>` in `formatted_body`) from the spec
///   (MSC2781), so nothing needs fetching and nothing of the replied-to event is copied into ours.
/// - **Threads** carry `rel_type: m.thread` with the root, plus `m.in_reply_to` for clients without
///   threads: the event replied to (`is_falling_back: false`) when the agent gave one, else the latest
///   event of ours in the thread or the root (`is_falling_back: true`).
/// - **Split parts**: only the first part is the reply; in a thread every part stays in the thread,
///   each falling back to the part before it.
struct MessageComposer: Sendable {
    /// The most bytes of body plus formatted body per event, as JSON strings.
    var budget = 60_000
    /// The markdown renderer.
    var renderer = MarkdownRenderer()

    /// The parts of `send`, in order: one unless the text is too large for one event.
    func parts(of send: WorkerSend) -> [MessagePart] {
        switch send.format {
        case .plain:
            return MessageSplitter(budget: budget).split(send.body).map { MessagePart(body: $0) }
        case .markdown:
            // Body and HTML share the budget; start from half each and shrink the few parts that exceed.
            return MessageSplitter(budget: budget / 2).split(send.body).flatMap { renderedParts(of: $0) }
        }
    }

    /// `text` rendered, split further while body and HTML together exceed the budget.
    private func renderedParts(of text: String) -> [MessagePart] {
        let part = MessagePart(body: text, formattedBody: renderer.formattedBody(for: text))
        let cost = Self.cost(of: part)
        guard cost > budget else { return [part] }
        let bodyCost = MessageSplitter.jsonCost(of: text)
        let smaller = max(1, min(bodyCost - 1, bodyCost * budget / cost * 9 / 10))
        let pieces = MessageSplitter(budget: smaller).split(text)
        guard pieces.count > 1 else { return [part] }
        return pieces.flatMap { renderedParts(of: $0) }
    }

    /// The JSON bytes of a part's texts.
    static func cost(of part: MessagePart) -> Int {
        MessageSplitter.jsonCost(of: part.body) + (part.formattedBody.map { MessageSplitter.jsonCost(of: $0) } ?? 0)
    }

    /// The event content of part `index` of `send`; `previousEventID` is the event of part `index - 1`.
    func content(of part: MessagePart, index: Int, of send: WorkerSend, previousEventID: String?) -> MatrixJSON {
        var content: [String: MatrixJSON] = ["msgtype": .string(send.msgtype.rawValue), "body": .string(part.body)]
        if let html = part.formattedBody {
            content["format"] = .string("org.matrix.custom.html")
            content["formatted_body"] = .string(html)
        }
        if let relation = relation(index: index, of: send, previousEventID: previousEventID) {
            content["m.relates_to"] = .object(relation)
        }
        return .object(content)
    }

    /// `m.relates_to` of part `index`, if it has one.
    private func relation(index: Int, of send: WorkerSend, previousEventID: String?) -> [String: MatrixJSON]? {
        let replyTo = index == 0 ? send.replyTo : nil
        guard let root = send.threadRoot else {
            return replyTo.map { ["m.in_reply_to": .object(["event_id": .string($0)])] }
        }
        let fallback = replyTo ?? previousEventID ?? root
        return [
            "rel_type": .string("m.thread"), "event_id": .string(root), "is_falling_back": .bool(replyTo == nil),
            "m.in_reply_to": .object(["event_id": .string(fallback)]),
        ]
    }
}

extension MessageComposer {
    /// The transaction id of part `part` (0-based) of a message whose row has `base`: `base` for the
    /// first part, `base.N` after; the same convention as the queue's `OutboxEntry.transactionID(part:)`.
    static func transactionID(_ base: String, part: Int) -> String { part == 0 ? base : "\(base).\(part)" }
}
