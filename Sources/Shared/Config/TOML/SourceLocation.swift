/// A place in a config file: the file, the line and the column (both counted from 1).

/// Where a key, a value or a problem was written: `FILE:LINE:COLUMN`.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as it is shown to the user.
    public var file: String
    /// The line, counted from 1.
    public var line: Int
    /// The column in Unicode scalars, counted from 1 (a tab counts as one column).
    public var column: Int

    /// A location in `file` at `line`:`column`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COLUMN`, the form editors and terminals turn into a link.
    public var description: String { "\(file):\(line):\(column)" }
}
