/// Tests of the byte-wise substring search and replacement (StringProtocol+Search).
import Shared
import Testing

@Suite struct StringSearchTests {
    @Test func includesFindsByteSequencesAnywhere() {
        #expect("1__000".includes("__"))
        #expect("__".includes("__"))
        #expect(!"1_000".includes("__"))
        #expect(!"_".includes("__"))
        #expect("".includes(""))
        #expect("abc".includes(""))
        #expect("naïve café".includes("café"))
        #expect(("x<p>y</p>z".dropFirst(1)).includes("</p>"))
    }

    @Test func replacingEveryReplacesLeftToRightWithoutOverlap() {
        #expect("a&#95;b&#95;c".replacingEvery("&#95;", with: "_") == "a_b_c")
        #expect("aaaa".replacingEvery("aa", with: "b") == "bb")
        #expect("aaa".replacingEvery("aa", with: "b") == "ba")
        #expect("none here".replacingEvery("&#42;", with: "*") == "none here")
        #expect("é&#42;é".replacingEvery("&#42;", with: "*") == "é*é")
        #expect("abc".replacingEvery("", with: "x") == "abc")
    }
}
