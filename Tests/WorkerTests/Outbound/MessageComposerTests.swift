/// Unit tests of MessageComposer and MarkdownRenderer: contents, relations, HTML decisions, split parts.
import MatrixClient
import Shared
import Testing
@testable import Worker

@Suite struct MessageComposerTests {
    let composer = MessageComposer()

    private func content(_ send: WorkerSend, part: Int = 0, previous: String? = nil) -> MatrixJSON {
        let parts = composer.parts(of: send)
        return composer.content(of: parts[part], index: part, of: send, previousEventID: previous)
    }

    @Test func plainTextHasNoHTML() {
        let body = "**not bold** <b>as typed</b>"
        let content = content(WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: body, format: .plain))
        #expect(content["body"]?.stringValue == body)
        #expect(content["msgtype"]?.stringValue == "m.text")
        #expect(content["format"] == nil)
        #expect(content["formatted_body"] == nil)
        #expect(content["m.relates_to"] == nil)
    }

    @Test func markdownThatFormatsSomethingGetsHTML() {
        let content = content(WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: "hello **there**"))
        #expect(content["body"]?.stringValue == "hello **there**")
        #expect(content["format"]?.stringValue == "org.matrix.custom.html")
        #expect(content["formatted_body"]?.stringValue == "hello <strong>there</strong>")
    }

    @Test func markdownThatFormatsNothingHasNoHTML() {
        let renderer = MarkdownRenderer()
        #expect(renderer.formattedBody(for: "just words, nothing else") == nil)
        #expect(renderer.formattedBody(for: "a < b & c > d") == nil)
    }

    @Test func rawHTMLIsEscapedNotInterpreted() throws {
        let html = try #require(
            MarkdownRenderer().formattedBody(for: "<script>alert(1)</script>\n\nand **bold** <b>x</b>"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("<strong>bold</strong>"))
    }

    @Test func newlinesBetweenTextLinesAreLineBreaks() throws {
        let html = try #require(MarkdownRenderer().formattedBody(for: "line one\nline two"))
        #expect(html == "line one<br>line two")
    }

    @Test func listsCodeAndHeadingsKeepTheirMeaning() throws {
        let html = try #require(
            MarkdownRenderer().formattedBody(for: "# Title\n\n- a\n- b\n\n```\nx\ny\n```"))
        #expect(html.contains("<h1>Title</h1>"))
        #expect(html.contains("<li>a</li>"))
        #expect(html.contains("x\ny"))
    }

    @Test func leadingDashBlockIsNotSwallowedAsMetadata() {
        #expect(MarkdownRenderer().formattedBody(for: "---\ntitle: x\n---\nthe text") == nil)
    }

    @Test func noticeMsgtype() {
        let content = content(WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: "n", msgtype: .notice))
        #expect(content["msgtype"]?.stringValue == "m.notice")
    }

    @Test func replyRelationWithoutFallback() {
        let content = content(WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: "yes", replyTo: "$orig"))
        #expect(content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.stringValue == "$orig")
        #expect(content["m.relates_to"]?["rel_type"] == nil)
        #expect(content["body"]?.stringValue == "yes")
    }

    @Test func threadRelationFallsBackToTheRoot() {
        let relation = content(WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: "in thread", threadRoot: "$root"))[
            "m.relates_to"]
        #expect(relation?["rel_type"]?.stringValue == "m.thread")
        #expect(relation?["event_id"]?.stringValue == "$root")
        #expect(relation?["is_falling_back"]?.boolValue == true)
        #expect(relation?["m.in_reply_to"]?["event_id"]?.stringValue == "$root")
    }

    @Test func threadReplyIsARealReply() {
        let send = WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: "x", replyTo: "$ev", threadRoot: "$root")
        let relation = content(send)["m.relates_to"]
        #expect(relation?["is_falling_back"]?.boolValue == false)
        #expect(relation?["m.in_reply_to"]?["event_id"]?.stringValue == "$ev")
    }

    @Test func splitPartsStayInTheThreadAndOnlyTheFirstIsTheReply() {
        let body = String(repeating: "word ", count: 30_000)
        let send = WorkerSend(
            row: 1, txnID: "t", roomID: "!r:hs", body: body, format: .plain, replyTo: "$ev", threadRoot: "$root")
        #expect(composer.parts(of: send).count == 3)
        let second = content(send, part: 1, previous: "$part0")["m.relates_to"]
        #expect(second?["event_id"]?.stringValue == "$root")
        #expect(second?["is_falling_back"]?.boolValue == true)
        #expect(second?["m.in_reply_to"]?["event_id"]?.stringValue == "$part0")
        let plainReply = WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: body, format: .plain, replyTo: "$ev")
        #expect(content(plainReply, part: 1, previous: "$part0")["m.relates_to"] == nil)
    }

    @Test func markdownPartsKeepBodyAndHTMLWithinTheBudget() {
        let paragraph = "Some **bold** and <tags> & `code` here, " + String(repeating: "x<y ", count: 40)
        let body = Array(repeating: paragraph, count: 1_500).joined(separator: "\n\n")
        let parts = composer.parts(of: WorkerSend(row: 1, txnID: "t", roomID: "!r:hs", body: body))
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { MessageComposer.cost(of: $0) <= composer.budget })
        #expect(parts.allSatisfy { $0.formattedBody?.contains("<strong>bold</strong>") == true })
        #expect(parts.map(\.body).joined(separator: "\n\n") == body)
    }

    @Test func transactionIDsFollowTheQueueConvention() {
        #expect(MessageComposer.transactionID("prx-abc", part: 0) == "prx-abc")
        #expect(MessageComposer.transactionID("prx-abc", part: 1) == "prx-abc.1")
        #expect(MessageComposer.transactionID("prx-abc", part: 12) == "prx-abc.12")
    }
}
