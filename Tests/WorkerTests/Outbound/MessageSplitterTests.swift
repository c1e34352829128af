/// Unit tests of MessageSplitter: paragraph, line and character boundaries, multibyte text, budget edges.
import Testing
@testable import Worker

@Suite struct MessageSplitterTests {
    @Test func textWithinTheBudgetIsOnePart() {
        #expect(MessageSplitter(budget: 10).split("short") == ["short"])
        #expect(MessageSplitter(budget: 10).split("") == [""])
    }

    @Test func paragraphBreakIsPreferredOverALaterLineBreak() {
        // Costs: letters 1, "\n" 2. The window "a\nb\n\nc" holds a paragraph break and a later line break.
        #expect(MessageSplitter(budget: 9).split("a\nb\n\nc\nd") == ["a\nb", "c\nd"])
    }

    @Test func lineBreakWhenNoParagraphBreakFits() {
        #expect(MessageSplitter(budget: 9).split("aaa\nbbb\nccc") == ["aaa", "bbb\nccc"])
    }

    @Test func characterBoundaryWhenNoLineBreakFits() {
        #expect(MessageSplitter(budget: 4).split("abcdefghij") == ["abcd", "efgh", "ij"])
    }

    @Test func multibyteCharactersAreNeverCut() {
        // "é" is 2 bytes: a budget of 5 holds two of them, never two and a half.
        #expect(MessageSplitter(budget: 5).split("ééééé") == ["éé", "éé", "é"])
    }

    @Test func emojiZWJSequencesStayWhole() {
        let family = "👨‍👩‍👧‍👦"  // 7 scalars, 25 bytes, one grapheme
        #expect(MessageSplitter.jsonCost(of: family) == 25)
        #expect(MessageSplitter(budget: 60).split(family + family + family) == [family + family, family])
        // A budget smaller than one grapheme still never cuts it: the part is the whole sequence.
        #expect(MessageSplitter(budget: 24).split(family + family) == [family, family])
    }

    @Test func combiningMarksStayWithTheirLetter() {
        let letter = "e\u{301}\u{323}"  // one grapheme, 5 bytes
        let parts = MessageSplitter(budget: 7).split(String(repeating: letter, count: 3))
        #expect(parts == [letter, letter, letter])
    }

    @Test func exactBudgetEdges() {
        let text = String(repeating: "x", count: 100)
        #expect(MessageSplitter(budget: 100).split(text) == [text])
        let parts = MessageSplitter(budget: 99).split(text)
        #expect(parts == [String(repeating: "x", count: 99), "x"])
    }

    @Test func jsonEscapesCountTowardsTheBudget() {
        #expect(MessageSplitter.jsonCost(of: "\"\\/\n\t") == 10)
        #expect(MessageSplitter.jsonCost(of: "\u{1}") == 6)
        #expect(MessageSplitter(budget: 4).split("\"\"\"\"") == ["\"\"", "\"\""])
    }

    @Test func largeTextKeepsEverythingInOrderWithinTheBudget() {
        var paragraphs: [String] = []
        for index in 0..<2_000 {
            paragraphs.append("Paragraph \(index): " + String(repeating: "ü🙂 ", count: index % 37 + 1))
        }
        let text = paragraphs.joined(separator: "\n\n")
        let parts = MessageSplitter(budget: 6_000).split(text)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { MessageSplitter.jsonCost(of: $0) <= 6_000 })
        // Cuts fall on paragraph breaks only, so joining with them gives the text back.
        #expect(parts.joined(separator: "\n\n") == text)
    }
}
