/// The TOML parser on invalid documents: each error at its exact line and column, with what was expected.
@testable import Shared
import Testing

@Suite struct TOMLParserInvalidTests {
    @Test(arguments: [
        ("key = # no value", "1:7"),
        ("first = \"Tom\" last = \"Preston\"", "1:15"),
        ("= \"no key\"", "1:1"),
        ("a = 1\nb = = 2", "2:5"),
        ("a = 1\na = 2", "2:1"),
        ("spelling = \"favorite\"\n\"spelling\" = \"favourite\"", "2:1"),
        ("name = \"Tom\"\nname.first = \"x\"", "2:1"),
        ("fruit.apple = 1\nfruit.apple.smooth = true", "2:7"),
        ("[fruit]\napple = \"red\"\n[fruit]\norange = \"o\"", "3:1"),
        ("[fruit]\napple = \"red\"\n[fruit.apple]\ntexture = \"smooth\"", "3:1"),
        ("[fruit]\napple.color = \"red\"\n[fruit.apple]", "3:1"),
        ("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]", "3:1"),
        ("[a.b]\nc = 1\n[a]\nb.d = 2", "4:1"),
        ("[[fruits]]\nname = \"apple\"\n[fruit.physical]\n[[fruits.physical]]\n[fruits]", "5:1"),
        ("fruits = []\n[[fruits]]", "2:1"),
        ("[a]\n[[a]]", "2:1"),
        ("[[a]]\n[a]", "2:1"),
        ("t = {a = 1, a = 2}", "1:13"),
        ("t = {a = 1}\nt.b = 2", "2:1"),
        ("t = {a.b = 1}\n[t.a]", "2:2"),
        ("t = {a = 1,}", "1:11"),
        ("t = {a = 1,\n b = 2}", "1:12"),
        ("t = {a = 1 b = 2}", "1:12"),
        ("a = [1, 2", "1:10"),
        ("a = [1 2]", "1:8"),
        ("a = [,]", "1:6"),
        ("s = \"unterminated\nb = 1", "1:5"),
        ("s = 'unterminated", "1:5"),
        ("s = \"\"\"never closed", "1:5"),
        ("s = \"bad \\x escape\"", "1:10"),
        ("s = \"C:\\Users\"", "1:8"),
        ("s = \"\\u12\"", "1:6"),
        ("s = \"\\uD800\"", "1:6"),
        ("s = \"\\U00110000\"", "1:6"),
        ("s = \"a\u{07}b\"", "1:7"),
        ("# bell \u{07} in comment", "1:8"),
        ("s = \"\"\"a\"\"\"\"\"\"", "1:14"),
        ("a = 01", "1:5"),
        ("a = 1__0", "1:5"),
        ("a = _1", "1:5"),
        ("a = 1_", "1:5"),
        ("a = +0x1F", "1:5"),
        ("a = 0xG", "1:5"),
        ("a = 9223372036854775808", "1:5"),
        ("a = 1.", "1:5"),
        ("a = .5", "1:5"),
        ("a = 1e", "1:5"),
        ("a = 1.e2", "1:5"),
        ("a = 0X1", "1:5"),
        ("a = infinity", "1:5"),
        ("a = TRUE", "1:5"),
        ("a = truex", "1:9"),
        ("homeserver = https://matrix.org", "1:14"),
        ("d = 1979-13-27", "1:10"),
        ("d = 1979-02-30", "1:13"),
        ("d = 2023-02-29", "1:13"),
        ("t = 24:00:00", "1:5"),
        ("t = 07:32", "1:10"),
        ("d = 1979-05-27T07:32:00+25:00", "1:25"),
        ("d = 1979-05-27T07:32:00.", "1:24"),
        ("[a", "1:3"),
        ("[[a]", "1:4"),
        ("[]", "1:2"),
        ("[a] x = 1", "1:5"),
        ("a = \"\"\"x\"\"\" = 1", "1:13"),
        ("\"\"\"key\"\"\" = 1", "1:1"),
        ("a = 1\r", "1:6"),
        ("a.b.c = 1\na.b = 2", "2:3"),
    ])
    func rejectsInvalidDocument(_ input: String, _ position: String) {
        #expect(syntaxErrorPosition(input) == position, "\(input)")
    }

    @Test func errorsSayWhatWasExpected() {
        func message(_ text: String) -> String {
            do {
                _ = try TOMLParser.parse(text, file: "x.toml")
                return ""
            } catch {
                return error.description
            }
        }
        #expect(
            message("homeserver = https://matrix.org")
                == "x.toml:1:14: found the bare word https://matrix.org where a value should be; strings must be quoted: write \"https://matrix.org\""
        )
        #expect(
            message("a = 1\na = 2")
                == "x.toml:2:1: duplicate key a: it is already a integer (set at x.toml:1:1); each key may be set only once per table; remove one of them"
        )
        #expect(
            message("[t]\n[t]")
                == "x.toml:2:1: table [t] is defined twice (first at x.toml:1:1); merge the two [t] sections into one")
        #expect(message("s = \"C:\\Users\"").contains("for a backslash write \\\\ or use a 'literal string'"))
        #expect(message("t = {a = 1,\n b = 2}").contains("an inline table must be on one line in TOML 1.0"))
        #expect(message("a = 9223372036854775808").contains("integers are 64-bit"))
        #expect(message("a = 0123").contains("leading zeros are not allowed; write 123"))
        #expect(message("a = [1, 2").contains("or \"]\" to close the array"))
    }

    @Test func capsNestingDepth() {
        let deepArray = "a = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let deepTable = "a = " + String(repeating: "{b = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let deepKey = (0..<10_000).map { "k\($0)" }.joined(separator: ".") + " = 1"
        let deepHeader = "[" + (0..<10_000).map { "k\($0)" }.joined(separator: ".") + "]"
        for text in [deepArray, deepTable, deepKey, deepHeader] {
            do {
                _ = try TOMLParser.parse(text, file: "deep.toml")
                Issue.record("accepted a document nested 10000 deep")
            } catch {
                #expect(error.problem == "nesting is deeper than 64 levels")
            }
        }
        #expect(
            syntaxErrorPosition("a = " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63)) == nil)
    }
}
