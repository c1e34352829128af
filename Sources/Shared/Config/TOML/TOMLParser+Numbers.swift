/// Integers (decimal, 0x, 0o, 0b, with underscores), floats (with inf and nan), dates and times.

extension TOMLParser {
    private func isDigit(_ offset: Int) -> Bool {
        guard let c = peek(offset) else { return false }
        return ("0"..."9").contains(c)
    }

    /// A number, `inf`/`nan`, or a date/time: dates start `DDDD-`, times `DD:`.
    mutating func parseNumberOrDate() throws(TOMLSyntaxError) -> TOMLValue {
        if (0..<4).allSatisfy(isDigit), peek(4) == "-" { return try parseDateTime() }
        if isDigit(0), isDigit(1), peek(2) == ":" { return try parseLocalTime() }
        let start = index
        while let c = peek(), TOMLString.isBareKeyScalar(c) || c == "." || c == "+" { index += 1 }
        let token = text(start..<index)
        if let value = Self.number(token) { return value }
        throw error(at: start, "\(token) is not a valid number", expected: Self.numberAdvice(token))
    }

    /// The value of a TOML number token, or nil if it is not one.
    static func number(_ token: String) -> TOMLValue? {
        var body = Substring(token)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        switch body {
        case "inf": return .float(sign == "-" ? -.infinity : .infinity)
        case "nan": return .float(.nan)
        default: break
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) {
            let digits = body.dropFirst(2)
            guard token.first != "+", token.first != "-", validDigits(digits, radix: radix),
                let value = Int64(digits.filter { $0 != "_" }, radix: radix)
            else { return nil }
            return .integer(value)
        }
        if body.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return float(sign: sign, body) }
        guard validDigits(body, radix: 10), noLeadingZero(body), let value = Int64(sign + body.filter { $0 != "_" })
        else { return nil }
        return .integer(value)
    }

    private static func float(sign: String, _ body: Substring) -> TOMLValue? {
        var mantissa = body
        var exponent: Substring?
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            var exp = body[body.index(after: e)...]
            if let first = exp.first, first == "+" || first == "-" { exp = exp.dropFirst() }
            guard validDigits(exp, radix: 10) else { return nil }
            exponent = exp
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, validDigits(whole, radix: 10), noLeadingZero(whole) else {
            return nil
        }
        if parts.count == 2 { guard validDigits(parts[1], radix: 10) else { return nil } }
        guard parts.count == 2 || exponent != nil else { return nil }
        return Double(sign + body.filter { $0 != "_" }).map(TOMLValue.float)
    }

    /// Digits of `radix`, with each underscore between two digits.
    private static func validDigits(_ s: Substring, radix: Int) -> Bool {
        guard let first = s.first, let last = s.last, first != "_", last != "_", !s.includes("__") else { return false }
        return s.allSatisfy { $0 == "_" || ($0.isASCII && $0.hexDigitValue.map { $0 < radix } == true) }
    }

    private static func noLeadingZero(_ s: Substring) -> Bool { !(s.count > 1 && s.first == "0") }

    /// Why a token is not a number and how to write it.
    static func numberAdvice(_ token: String) -> String {
        let body = token.drop { $0 == "+" || $0 == "-" }
        if body.count > 1, body.first == "0", body.dropFirst().first?.isNumber == true {
            return
                "leading zeros are not allowed; write \(body.drop { $0 == "0" }.isEmpty ? "0" : String(body.drop { $0 == "0" }))"
        }
        if token.includes("__") || token.hasSuffix("_") || token.includes("_.") || token.includes("._")
            || body.hasPrefix("_")
        {
            return "an underscore must sit between two digits, e.g. 1_000_000"
        }
        if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b") {
            if body.count != token.count { return "hex, octal and binary integers take no sign" }
            if let value = Int64(
                body.dropFirst(2).filter { $0 != "_" }, radix: body.hasPrefix("0x") ? 16 : body.hasPrefix("0o") ? 8 : 2),
                value >= 0
            {
                return "write it as \(value)"
            }
            return "use the digits of the base only (0x: 0-9 a-f, 0o: 0-7, 0b: 0-1), at most 64 bits"
        }
        if !body.isEmpty, body.allSatisfy({ $0.isNumber || $0 == "_" }) {
            return "integers are 64-bit: from -9223372036854775808 to 9223372036854775807"
        }
        if body.hasPrefix(".") || body.hasSuffix(".") || token.includes(".e") || token.includes(".E") {
            return "a float needs digits on both sides of the point, e.g. 0.5 or 3.0"
        }
        return
            "expected a number (42, 0x2A, 3.14, 1e6, inf, nan); if this is text, put it in quotes: \(TOMLString.quoted(token))"
    }

    // MARK: Dates and times (RFC 3339 as TOML 1.0 allows it)

    private mutating func digits(_ count: Int, _ what: String, in range: ClosedRange<Int>) throws(TOMLSyntaxError)
        -> Int
    {
        let start = index
        var value = 0
        for _ in 0..<count {
            guard let c = peek(), ("0"..."9").contains(c) else {
                throw error(
                    at: index, "found \(shown(index)) in a date/time",
                    expected: "expected \(count) digits for the \(what) (dates are 1979-05-27, times 07:32:00)")
            }
            value = value * 10 + Int(c.value - 48)
            index += 1
        }
        guard range.contains(value) else {
            throw error(
                at: start, "\(text(start..<index)) is not a valid \(what)",
                expected: "the \(what) must be \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    private mutating func expect(_ s: Unicode.Scalar, in what: String) throws(TOMLSyntaxError) {
        guard peek() == s else {
            throw error(
                at: index, "found \(shown(index)) in a \(what)",
                expected: "expected \"\(Character(s))\" (dates are 1979-05-27, times 07:32:00)")
        }
        index += 1
    }

    private mutating func parseTime() throws(TOMLSyntaxError) {
        _ = try digits(2, "hour", in: 0...23)
        try expect(":", in: "time")
        _ = try digits(2, "minute", in: 0...59)
        try expect(":", in: "time (TOML 1.0 requires seconds)")
        _ = try digits(2, "second", in: 0...60)
        if peek() == ".", isDigit(1) {
            index += 1
            while isDigit(0) { index += 1 }
        } else if peek() == "." {
            throw error(
                at: index, "found \".\" with no digits after it in a time",
                expected: "write fractional seconds like 07:32:00.999")
        }
    }

    private mutating func parseLocalTime() throws(TOMLSyntaxError) -> TOMLValue {
        let start = index
        try parseTime()
        return .dateTime(TOMLDateTime(kind: .localTime, text: text(start..<index)))
    }

    private mutating func parseDateTime() throws(TOMLSyntaxError) -> TOMLValue {
        let start = index
        let year = try digits(4, "year", in: 0...9999)
        try expect("-", in: "date")
        let month = try digits(2, "month", in: 1...12)
        try expect("-", in: "date")
        let dayStart = index
        let day = try digits(2, "day", in: 1...31)
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= monthDays else {
            throw error(
                at: dayStart, "day \(day) does not exist in month \(month) of \(year)",
                expected: "the day must be 1...\(monthDays)")
        }
        let hasTime = peek() == "T" || peek() == "t" || (peek() == " " && isDigit(1) && isDigit(2) && peek(3) == ":")
        guard hasTime else { return .dateTime(TOMLDateTime(kind: .localDate, text: text(start..<index))) }
        index += 1
        try parseTime()
        switch peek() {
        case "Z"?, "z"?:
            index += 1
        case "+"?, "-"?:
            index += 1
            _ = try digits(2, "offset hour", in: 0...23)
            try expect(":", in: "time offset")
            _ = try digits(2, "offset minute", in: 0...59)
        default:
            return .dateTime(TOMLDateTime(kind: .localDateTime, text: text(start..<index)))
        }
        return .dateTime(TOMLDateTime(kind: .offsetDateTime, text: text(start..<index)))
    }
}
