/// Typed reads of TOML values: each reports a wrong type as "expected X, found Y" with what to write.
import Foundation

extension ConfigValidator {
    /// A short description of a found value: `string "30"`, `integer 42`, `array`.
    static func found(_ value: TOMLValue) -> String {
        switch value {
        case .string(let s): "string \(TOMLString.quoted(s.count > 40 ? String(s.prefix(40)) + "…" : s))"
        case .integer(let i): "integer \(i)"
        case .float(let f): "float \(f)"
        case .boolean(let b): "boolean \(b)"
        case .dateTime(let d): "\(d.kind.rawValue) \(d.text)"
        case .array: "an array"
        case .table: "a table"
        }
    }

    mutating func wrongType(_ node: TOMLNode, key: String, expected: String, fix: String) {
        report(.error, node.location, key, "expected \(expected), found \(Self.found(node.value))", fix: fix)
    }

    /// The sub-table `name` of `parent`, or nil if absent (or not a table: then an error).
    mutating func table(_ name: String, in parent: TOMLTable?, path: String) -> TOMLTable? {
        guard let node = parent?[name] else { return nil }
        if case .table(let table) = node.value { return table }
        let full = path.isEmpty ? name : "\(path).\(name)"
        wrongType(
            node, key: full, expected: "a table", fix: "write it as a [\(full)] section with key = value lines under it"
        )
        return nil
    }

    /// A trimmed string; nil if absent, blank (unless `keepBlank`) or of another type (then an error).
    mutating func optionalString(_ name: String, in table: TOMLTable, keepBlank: Bool = false) -> (
        value: String, node: TOMLNode
    )? {
        guard let node = table[name] else { return nil }
        guard case .string(let raw) = node.value else {
            let literal: String
            switch node.value {
            case .integer(let i): literal = String(i)
            case .float(let f): literal = String(f)
            case .boolean(let b): literal = String(b)
            case .dateTime(let d): literal = d.text
            default: literal = "..."
            }
            let fix =
                if case .array(let items) = node.value, items.count == 1, case .string(let only) = items[0].value {
                    "write a single string without brackets: \(name) = \(TOMLString.quoted(only))"
                } else {
                    "put the value in quotes: \(name) = \(TOMLString.quoted(literal))"
                }
            wrongType(node, key: "\(Self.matrixPath).\(name)", expected: "a string", fix: fix)
            return nil
        }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty && !keepBlank ? nil : (value, node)
    }

    /// The trimmed strings of an array, with their index and node; empty if absent. A single string
    /// instead of an array, or a non-string element, is an error.
    mutating func stringArray(_ name: String, in table: TOMLTable) -> [(index: Int, value: String, node: TOMLNode)] {
        let key = "\(Self.matrixPath).\(name)"
        guard let node = table[name] else { return [] }
        guard case .array(let items) = node.value else {
            let fix =
                if case .string(let s) = node.value {
                    "write a list: \(name) = [\(TOMLString.quoted(s))]"
                } else {
                    "write a list of strings: \(name) = [\"...\", \"...\"]"
                }
            wrongType(node, key: key, expected: "an array of strings", fix: fix)
            return []
        }
        var result: [(Int, String, TOMLNode)] = []
        for (index, item) in items.enumerated() {
            guard case .string(let s) = item.value else {
                wrongType(
                    item, key: "\(key)[\(index)]", expected: "a string", fix: "put each element in quotes, e.g. \"...\""
                )
                continue
            }
            result.append((index, s.trimmingCharacters(in: .whitespacesAndNewlines), item))
        }
        return result
    }

    /// A boolean, or `defaultValue` if absent or of another type (then an error).
    mutating func boolean(_ name: String, in table: TOMLTable, default defaultValue: Bool) -> Bool {
        guard let node = table[name] else { return defaultValue }
        if case .boolean(let b) = node.value { return b }
        var fix = "write \(name) = true or \(name) = false"
        if case .string(let s) = node.value, s == "true" || s == "false" { fix = "write \(name) = \(s) without quotes" }
        wrongType(node, key: "\(Self.matrixPath).\(name)", expected: "a boolean", fix: fix)
        return defaultValue
    }

    /// An integer in its range, or the default if absent or wrong (then an error naming the range).
    mutating func integer(_ setting: IntegerSetting, in table: TOMLTable?, path: String) -> Int {
        let key = "\(path).\(setting.key)"
        let range = "\(setting.range.lowerBound) to \(setting.range.upperBound)"
        guard let node = table?[setting.key] else { return setting.defaultValue }
        switch node.value {
        case .integer(let i) where setting.range.contains(Int(i)):
            return Int(i)
        case .integer(let i):
            report(
                .error, node.location, key, "\(i) is out of range",
                fix: "write a number from \(range) (default \(setting.defaultValue))")
        case .string(let s) where Int(s.trimmingCharacters(in: .whitespaces)) != nil:
            wrongType(
                node, key: key, expected: "an integer",
                fix: "write \(setting.key) = \(s.trimmingCharacters(in: .whitespaces)) without quotes")
        case .float(let f) where f.rounded() == f && f.isFinite && abs(f) < 1e15:
            wrongType(
                node, key: key, expected: "an integer",
                fix: "write \(setting.key) = \(Int(f)) without the decimal point")
        default:
            wrongType(
                node, key: key, expected: "an integer",
                fix: "write a whole number from \(range), e.g. \(setting.key) = \(setting.defaultValue)")
        }
        return setting.defaultValue
    }

    /// A reaction key: `""` disables (nil), absent gives the default.
    mutating func reaction(_ name: String, in table: TOMLTable, default defaultValue: String) -> String? {
        guard table[name] != nil else { return defaultValue }
        guard let (value, _) = optionalString(name, in: table, keepBlank: true) else { return defaultValue }
        return value.isEmpty ? nil : value
    }

    /// A Matrix identifier parsed from `value`; on failure an error with `fixHint`.
    mutating func identifier<ID: MatrixIdentifier>(_ value: String, node: TOMLNode, key: String, fixHint: String) -> ID?
    {
        do {
            return try ID(validating: value)
        } catch {
            report(
                .error, node.location, key, "\(TOMLString.quoted(value)) is not a \(error.kind) (\(error.reason))",
                fix: fixHint)
            return nil
        }
    }
}
