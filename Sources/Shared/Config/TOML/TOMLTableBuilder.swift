/// The mutable table tree the parser fills, enforcing TOML 1.0's rules on defining tables and keys.

/// A table under construction. It remembers how it came to exist, because TOML allows a table
/// created implicitly by `[a.b]` to be defined later by `[a]`, but forbids defining any table twice,
/// reopening a table made by dotted keys with a header, or adding dotted keys to a header's table.
final class TOMLTableBuilder {
    /// How the table came to exist.
    enum Origin {
        /// Created as the parent of a header (`a` in `[a.b]`); may still be defined by `[a]`.
        case implicit
        /// Defined by its own `[header]` or `[[header]]`.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`).
        case dotted
        /// The root of an inline table `{...}`.
        case inline
    }

    /// An entry of the table.
    enum Item {
        /// A value that is complete once written (including inline tables and static arrays).
        case value(TOMLNode)
        /// A sub-table still open to additions, and where its key was first written.
        case table(TOMLTableBuilder, SourceLocation)
        /// An array of tables made by `[[header]]`, open to more elements.
        case tableArray([TOMLTableBuilder], SourceLocation)
    }

    /// One part of a dotted key, with where it was written.
    struct KeyPart {
        var name: String
        var location: SourceLocation
    }

    var origin: Origin
    var location: SourceLocation
    let path: [String]
    private(set) var keys: [String] = []
    private(set) var items: [String: Item] = [:]

    init(origin: Origin, location: SourceLocation, path: [String]) {
        self.origin = origin
        self.location = location
        self.path = path
    }

    private func put(_ name: String, _ item: Item) {
        if items.updateValue(item, forKey: name) == nil { keys.append(name) }
    }

    private func describe(_ item: Item) -> (what: String, at: SourceLocation) {
        switch item {
        case .value(let node):
            (
                "a \(node.value.typeName) (set at \(node.keyLocation ?? node.location))",
                node.keyLocation ?? node.location
            )
        case .table(let table, let at): ("a table (defined at \(table.location))", at)
        case .tableArray(_, let at): ("an array of tables (first [[...]] at \(at))", at)
        }
    }

    /// `key = value` in this table: dotted key parts create or enter tables made by dotted keys.
    func insert(key: [KeyPart], node: TOMLNode) throws(TOMLSyntaxError) {
        var table = self
        for part in key.dropLast() {
            let fullPath = table.path + [part.name]
            switch table.items[part.name] {
            case nil:
                let child = TOMLTableBuilder(origin: .dotted, location: part.location, path: fullPath)
                table.put(part.name, .table(child, part.location))
                table = child
            case .table(let child, _) where child.origin == .dotted:
                table = child
            case .table(let child, _):
                throw TOMLSyntaxError(
                    location: part.location,
                    problem:
                        "dotted key cannot add to table [\(TOMLString.keyPath(fullPath))], defined at \(child.location)",
                    expected: "put the key under the [\(TOMLString.keyPath(fullPath))] header instead")
            case .value(let existing):
                throw TOMLSyntaxError(
                    location: part.location,
                    problem:
                        "\(TOMLString.keyPath(fullPath)) is already \(describe(.value(existing)).what), not a table",
                    expected: "use a different key, or remove the earlier value")
            case .tableArray(_, let at):
                throw TOMLSyntaxError(
                    location: part.location,
                    problem:
                        "\(TOMLString.keyPath(fullPath)) is an array of tables (first [[...]] at \(at)); dotted keys cannot add to it",
                    expected: "put the key under a [[\(TOMLString.keyPath(fullPath))]] header")
            }
        }
        guard let last = key.last else { return }
        if let existing = table.items[last.name] {
            throw TOMLSyntaxError(
                location: last.location,
                problem:
                    "duplicate key \(TOMLString.keyPath(table.path + [last.name])): it is already \(describe(existing).what)",
                expected: "each key may be set only once per table; remove one of them")
        }
        table.put(last.name, .value(node))
    }

    /// `[a.b.c]` (or `[[a.b.c]]` when `arrayOfTables`): returns the table that following keys go into.
    func openHeader(key: [KeyPart], at location: SourceLocation, arrayOfTables: Bool) throws(TOMLSyntaxError)
        -> TOMLTableBuilder
    {
        var table = self
        for part in key.dropLast() {
            let fullPath = table.path + [part.name]
            switch table.items[part.name] {
            case nil:
                let child = TOMLTableBuilder(origin: .implicit, location: part.location, path: fullPath)
                table.put(part.name, .table(child, part.location))
                table = child
            case .table(let child, _):
                table = child
            case .tableArray(let elements, _):
                guard let lastElement = elements.last else { return table }
                table = lastElement
            case .value(let existing):
                throw TOMLSyntaxError(
                    location: part.location,
                    problem:
                        "\(TOMLString.keyPath(fullPath)) is already \(describe(.value(existing)).what), so it cannot hold a table",
                    expected: "rename the header or the earlier key")
            }
        }
        guard let last = key.last else { return table }
        let fullPath = table.path + [last.name]
        let shown = arrayOfTables ? "[[\(TOMLString.keyPath(fullPath))]]" : "[\(TOMLString.keyPath(fullPath))]"
        let existing = table.items[last.name]
        if arrayOfTables {
            let element = TOMLTableBuilder(origin: .header, location: location, path: fullPath)
            switch existing {
            case nil:
                table.put(last.name, .tableArray([element], location))
            case .tableArray(let elements, let at):
                table.put(last.name, .tableArray(elements + [element], at))
            case .some(let other):
                throw TOMLSyntaxError(
                    location: location,
                    problem:
                        "\(shown) cannot append to \(TOMLString.keyPath(fullPath)): it is already \(describe(other).what)",
                    expected: "use one form only: either [[\(TOMLString.keyPath(fullPath))]] headers or a single value")
            }
            return element
        }
        switch existing {
        case nil:
            let child = TOMLTableBuilder(origin: .header, location: location, path: fullPath)
            table.put(last.name, .table(child, last.location))
            return child
        case .table(let child, _) where child.origin == .implicit:
            child.origin = .header
            child.location = location
            return child
        case .table(let child, _) where child.origin == .dotted:
            throw TOMLSyntaxError(
                location: location,
                problem: "table \(shown) was already created by dotted keys at \(child.location)",
                expected: "keep the keys in one place: either the dotted keys or the \(shown) header")
        case .table(let child, _):
            throw TOMLSyntaxError(
                location: location,
                problem: "table \(shown) is defined twice (first at \(child.location))",
                expected: "merge the two \(shown) sections into one")
        case .some(let other):
            throw TOMLSyntaxError(
                location: location,
                problem:
                    "cannot define table \(shown): \(TOMLString.keyPath(fullPath)) is already \(describe(other).what)",
                expected: "rename the header or the earlier key")
        }
    }

    /// The finished, immutable table.
    func freeze() -> TOMLTable {
        var table = TOMLTable(location: location)
        for key in keys {
            switch items[key] {
            case .value(let node)?:
                table.set(key, node)
            case .table(let child, let at)?:
                table.set(key, TOMLNode(value: .table(child.freeze()), location: child.location, keyLocation: at))
            case .tableArray(let elements, let at)?:
                let nodes = elements.map { TOMLNode(value: .table($0.freeze()), location: $0.location) }
                table.set(key, TOMLNode(value: .array(nodes), location: at, keyLocation: at))
            case nil:
                break
            }
        }
        return table
    }
}
