/// The strict JSON parser and the compact writer under the frame codec.
import Shared
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a":[1,-2,3.5,1e3,true,false,null,"s"],"b":{"c":{}},"d":[]} "#)
        let expected: JSONObject = [
            "a": [1, -2, 3.5, .double(1000), true, false, nil, "s"], "b": .object(["c": .object([:])]), "d": [],
        ]
        #expect(value == .object(expected))
    }

    @Test func integersStayExactAndLargeOnesBecomeDoubles() throws {
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("-9223372036854775808") == .int(.min))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1.0") == .double(1))
        #expect(try parse("1") != parse("true"))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\udc4d""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\té👍"))
    }

    static let rejected: [(String, JSONSyntaxError)] = [
        (#"{"a":1,}"#, JSONSyntaxError(offset: 7, problem: .unexpectedByte(UInt8(ascii: "}")))),
        ("[1,]", JSONSyntaxError(offset: 3, problem: .unexpectedByte(UInt8(ascii: "]")))),
        ("01", JSONSyntaxError(offset: 1, problem: .trailingData)),
        ("-", JSONSyntaxError(offset: 1, problem: .invalidNumber)),
        ("1.", JSONSyntaxError(offset: 2, problem: .invalidNumber)),
        ("1e", JSONSyntaxError(offset: 2, problem: .invalidNumber)),
        ("1e999", JSONSyntaxError(offset: 0, problem: .invalidNumber)),
        ("tru", JSONSyntaxError(offset: 3, problem: .unexpectedEnd)),
        ("nul!", JSONSyntaxError(offset: 3, problem: .unexpectedByte(UInt8(ascii: "!")))),
        (#""\x""#, JSONSyntaxError(offset: 1, problem: .invalidEscape)),
        (#""\u12g4""#, JSONSyntaxError(offset: 1, problem: .invalidEscape)),
        (#""\ud83d""#, JSONSyntaxError(offset: 1, problem: .loneSurrogate)),
        (#""\udc4d""#, JSONSyntaxError(offset: 1, problem: .loneSurrogate)),
        ("\"a\nb\"", JSONSyntaxError(offset: 2, problem: .controlCharacterInString)),
        (#"{"a":1,"a":2}"#, JSONSyntaxError(offset: 7, problem: .duplicateKey("a"))),
        ("{'a':1}", JSONSyntaxError(offset: 1, problem: .unexpectedByte(UInt8(ascii: "'")))),
        ("", JSONSyntaxError(offset: 0, problem: .unexpectedEnd)),
        ("NaN", JSONSyntaxError(offset: 0, problem: .unexpectedByte(UInt8(ascii: "N")))),
    ]

    @Test(arguments: rejected.indices)
    func rejectsWhatRFC8259Rejects(index: Int) {
        let (text, expected) = Self.rejected[index]
        #expect(throws: expected) { try parse(text) }
    }

    @Test func nestingIsBoundedWithoutRecursingFurther() throws {
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        _ = try parse(ok)
        let deep = String(repeating: "[", count: 1_000_000)
        #expect(throws: JSONSyntaxError(offset: JSONParser.maxDepth, problem: .tooDeep)) { try parse(deep) }
    }

    @Test func writerEscapesOnlyWhatJSONRequiresAndKeepsKeyOrder() {
        let object: JSONObject = ["z": "a\"b\\c/d\n\u{1}é👍", "a": 1.5, "m": [true, nil, -7]]
        let text = String(decoding: JSONWriter.bytes(of: object), as: UTF8.self)
        #expect(text == #"{"z":"a\"b\\c/d\n\u0001é👍","a":1.5,"m":[true,null,-7]}"#)
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        var mutator = FrameMutator(seed: 7)
        for _ in 0..<2_000 {
            let value = mutator.value(depth: 4)
            #expect(try JSONParser.parse(JSONWriter.bytes(of: value)) == value)
        }
    }

    @Test func objectEqualityIgnoresOrderButEncodingKeepsIt() {
        let one: JSONObject = ["a": 1, "b": 2]
        let two: JSONObject = ["b": 2, "a": 1]
        #expect(one == two)
        #expect(JSONWriter.bytes(of: one) != JSONWriter.bytes(of: two))
        var removed = one
        removed["a"] = nil
        #expect(removed.keys == ["b"])
    }
}
