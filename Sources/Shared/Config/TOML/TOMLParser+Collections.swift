/// Arrays `[...]` (multi-line, comments, trailing comma) and inline tables `{...}` (one line, no trailing comma).

extension TOMLParser {
    mutating func parseArray(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        let open = index
        index += 1
        var elements: [TOMLNode] = []
        while true {
            try skipBlank()
            if peek() == "]" { index += 1; return .array(elements) }
            if index >= scalars.count {
                throw error(
                    at: index, "found end of file inside the array opened at \(location(open))",
                    expected: "expected \"]\" to close it")
            }
            elements.append(try parseValue(depth: depth))
            try skipBlank()
            switch peek() {
            case ","?: index += 1
            case "]"?: index += 1; return .array(elements)
            default:
                throw error(
                    at: index, "found \(shown(index)) after an array element (the array opened at \(location(open)))",
                    expected: "expected \",\" between elements or \"]\" to close the array")
            }
        }
    }

    mutating func parseInlineTable(depth: Int) throws(TOMLSyntaxError) -> TOMLValue {
        let open = index
        index += 1
        let table = TOMLTableBuilder(origin: .inline, location: location(open), path: [])
        skipWhitespace()
        if peek() == "}" { index += 1; return .table(table.freeze()) }
        while true {
            skipWhitespace()
            if peek() == "\n" || peek() == "\r" || peek() == "#" || index >= scalars.count {
                throw error(
                    at: index, "found \(shown(index)) inside the inline table opened at \(location(open))",
                    expected:
                        "an inline table must be on one line in TOML 1.0 (no trailing comma); close it with \"}\" or use a [table]"
                )
            }
            try parseKeyValue(into: table, depth: depth)
            skipWhitespace()
            switch peek() {
            case ","?:
                index += 1
                skipWhitespace()
                if peek() == "}" {
                    throw error(
                        at: index - 1, "found a trailing comma in an inline table",
                        expected: "remove the \",\" before \"}\"")
                }
            case "}"?:
                index += 1
                return .table(table.freeze())
            default:
                throw error(
                    at: index, "found \(shown(index)) inside the inline table opened at \(location(open))",
                    expected:
                        "expected \",\" between entries or \"}\" to close it (an inline table must be on one line)")
            }
        }
    }
}
