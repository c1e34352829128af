/// Unit tests of MarkdownRenderer's decisions: CommonMark flanking, autolinks, literal text, code untouched.
import Testing
@testable import Worker

@Suite struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    @Test func intrawordUnderscoresAndSpacedAsterisksStayLiteral() {
        #expect(renderer.formattedBody(for: "snake_case_name and file_name.txt") == nil)
        #expect(renderer.formattedBody(for: "2 * 3 * 4") == nil)
        #expect(renderer.formattedBody(for: "https://example.org/a_b_c") == nil)
        #expect(renderer.formattedBody(for: "_real_ emphasis and my_var") == "<em>real</em> emphasis and my_var")
    }

    @Test func autolinksBecomeLinks() {
        #expect(
            renderer.formattedBody(for: "see <https://example.org/a_b> now")
                == "see <a href=\"https://example.org/a_b\">https://example.org/a_b</a> now")
    }

    @Test func autolinkRecognitionMatchesCommonMarkURIAutolinks() {
        #expect(
            MarkdownRenderer.linkingAutolinks("<http://a.b> and <https://c.d/e?f=g>")
                == "[http://a.b](http://a.b) and [https://c.d/e?f=g](https://c.d/e?f=g)")
        #expect(MarkdownRenderer.linkingAutolinks("<<https://a.b>>") == "<[https://a.b](https://a.b)>")
        for literal in ["<https://>", "<https://a b>", "<ftp://a.b>", "<https://a.b", "a < b", "<"] {
            #expect(MarkdownRenderer.linkingAutolinks(Substring(literal)) == literal)
        }
    }

    @Test func codeIsLeftAsTyped() {
        #expect(renderer.formattedBody(for: "`a_b <c> 2 * 3`") == "<code>a_b &lt;c&gt; 2 * 3</code>")
        #expect(
            renderer.formattedBody(for: "```\n<b>x_y</b>\n```") == "<pre><code>&lt;b&gt;x_y&lt;/b&gt;\n</code></pre>")
    }

    @Test func unclosedTagDoesNotSwallowTheRest() throws {
        let html = try #require(renderer.formattedBody(for: "a <tag without end\n\nthen **bold**"))
        #expect(html == "<p>a &lt;tag without end</p><p>then <strong>bold</strong></p>")
    }

    @Test func entitiesAndAmpersandsAreNotFormatting() {
        #expect(renderer.formattedBody(for: "Tom & Jerry, a < b > c") == nil)
    }

    @Test func lineBreakRulesKeepBlocks() {
        #expect(renderer.formattedBody(for: "text\n- item") == "<p>text</p><ul><li>item</li></ul>")
        #expect(renderer.formattedBody(for: "1. one\n2. two") == "<ol><li>one</li><li>two</li></ol>")
        #expect(renderer.formattedBody(for: "hard  \nbreak") == "hard<br>break")
    }
}
