/// ReplyFallback on the shapes clients send: fallback with and without a blank line, HTML blocks.
import Testing

@testable import Worker

@Suite struct ReplyFallbackTests {
    @Test func plainFallbackWithBlankLine() {
        #expect(ReplyFallback.strippingPlain("> <@a:hs> q\n\nanswer\nmore") == "answer\nmore")
    }

    @Test func quoteWithoutTheBlankLineIsNotAFallback() {
        #expect(ReplyFallback.strippingPlain("> <@a:hs> q\nanswer") == "> <@a:hs> q\nanswer")
        #expect(ReplyFallback.strippingPlain("> just a quote\n\nanswer") == "> just a quote\n\nanswer")
    }

    @Test func multiLineFallback() {
        #expect(ReplyFallback.strippingPlain("> <@a:hs> one\n> two\n\nanswer") == "answer")
    }

    @Test func bodyWithoutFallbackIsUnchanged() {
        #expect(ReplyFallback.strippingPlain("answer\n> later quote") == "answer\n> later quote")
    }

    @Test func htmlBlockIsRemovedAndTheRestKept() {
        #expect(ReplyFallback.strippingHTML("<mx-reply><blockquote>q</blockquote></mx-reply><p>a</p>") == "<p>a</p>")
        #expect(ReplyFallback.strippingHTML("<p>no block</p>") == "<p>no block</p>")
        #expect(ReplyFallback.strippingHTML("<mx-reply>unclosed") == "<mx-reply>unclosed")
    }
}
