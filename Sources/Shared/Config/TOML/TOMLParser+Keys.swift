/// Keys (bare, "quoted", 'literal', dotted) and `key = value` lines.

extension TOMLParser {
    /// A possibly dotted key: bare, "basic" or 'literal' parts separated by dots.
    mutating func parseKey(depth: Int) throws(TOMLSyntaxError) -> [TOMLTableBuilder.KeyPart] {
        var parts: [TOMLTableBuilder.KeyPart] = []
        while true {
            skipWhitespace()
            let start = index
            guard let c = peek() else {
                throw error(at: index, "found end of file where a key should be", expected: "expected a key")
            }
            let name: String
            if c == "\"" || c == "'" {
                if peek(1) == c, peek(2) == c {
                    throw error(
                        at: index, "a multi-line string cannot be a key", expected: "use a \"quoted\" or bare key")
                }
                name = c == "\"" ? try parseBasicString() : try parseLiteralString()
            } else if TOMLString.isBareKeyScalar(c) {
                while let b = peek(), TOMLString.isBareKeyScalar(b) { index += 1 }
                name = text(start..<index)
            } else {
                throw error(
                    at: index, "found \(shown(index)) where a key should be",
                    expected: "expected a key: letters, digits, _ and - (or a \"quoted key\")")
            }
            parts.append(.init(name: name, location: location(start)))
            if depth + parts.count > maxDepth {
                throw error(at: start, "nesting is deeper than \(maxDepth) levels", expected: "flatten the structure")
            }
            skipWhitespace()
            guard peek() == "." else { return parts }
            index += 1
        }
    }

    /// `key = value`, inserted into `table`.
    mutating func parseKeyValue(into table: TOMLTableBuilder, depth: Int) throws(TOMLSyntaxError) {
        let key = try parseKey(depth: depth)
        skipWhitespace()
        guard peek() == "=" else {
            throw error(
                at: index, "found \(shown(index)) after the key \(TOMLString.keyPath(key.map(\.name)))",
                expected: "expected \"=\" and a value, e.g. \(TOMLString.keyPath(key.map(\.name))) = \"...\"")
        }
        index += 1
        skipWhitespace()
        var node = try parseValue(depth: depth + key.count)
        node.keyLocation = key.last?.location
        try table.insert(key: key, node: node)
    }
}
