/// A node of a YAML document as `YAMLReader` reads it: scalars stay text, untyped.
indirect enum YAMLNode: Sendable, Equatable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLPair])

    /// The value of a key or item written with nothing after it.
    static let empty = YAMLNode.scalar(YAMLScalar(text: "", isPlain: true))
}

/// A scalar's text, quotes removed and escapes decoded, and whether it was written plain (neither
/// quoted nor a block scalar), which is what lets `null` mean null.
struct YAMLScalar: Sendable, Equatable {
    var text: String
    var isPlain: Bool

    /// YAML's null: a plain scalar that is empty, `~`, `null`, `Null` or `NULL`.
    var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(text) }
}

/// One `key: value` of a mapping.
struct YAMLPair: Sendable, Equatable {
    var key: String
    /// The key's line, 1-based.
    var line: Int
    var value: YAMLNode
}

/// Why `YAMLReader` refused a text: 1-based line and column (counted in Unicode scalars) and the problem.
struct YAMLSyntaxError: Error, Equatable, Sendable {
    var line: Int
    var column: Int
    var problem: String
}

/// Reads the subset of YAML a config file needs, in plain Swift: one document of block mappings and
/// sequences, flow `[ ]` and `{ }` collections, plain, quoted and block (`|`, `>`) scalars and comments.
///
/// It refuses what a config file has no use for, each with an error that says so: anchors, aliases,
/// tags, merge keys, complex (`? `) keys, directives, a second document, quoted scalars that span
/// lines and plain scalars continued on a more indented line. Nesting is bounded by `maximumDepth`,
/// so no file can exhaust the stack, and every construct is read once, so no file can make it slow.
struct YAMLReader {
    /// The deepest nesting of collections accepted; a config file needs two or three levels.
    static let maximumDepth = 64

    /// The text, each line break (`\n`, `\r\n` or `\r`) made one `\n`.
    let text: [Unicode.Scalar]
    /// The index in `text` where each line starts.
    private let lineStarts: [Int]
    /// The next scalar to read.
    var index = 0

    /// The document in `yaml`, or nil when it holds none (only comments, blank lines or markers).
    static func read(_ yaml: String) throws(YAMLSyntaxError) -> YAMLNode? {
        var reader = YAMLReader(yaml)
        return try reader.readDocument()
    }

    private init(_ yaml: String) {
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(yaml.utf8.count)
        var afterReturn = false
        for scalar in yaml.unicodeScalars {
            defer { afterReturn = scalar == "\r" }
            if scalar == "\n" && afterReturn { continue }
            text.append(scalar == "\r" ? "\n" : scalar)
        }
        if text.first == "\u{FEFF}" { text.removeFirst() }
        var lineStarts = [0]
        for (position, scalar) in text.enumerated() where scalar == "\n" { lineStarts.append(position + 1) }
        self.text = text
        self.lineStarts = lineStarts
    }

    // MARK: - Document

    /// The text's one document: an optional `---` line, the root node, then nothing but comments,
    /// blank lines and `...` lines.
    private mutating func readDocument() throws(YAMLSyntaxError) -> YAMLNode? {
        var indent = try nextLineIndent()
        if indent == 0 && current == "%" {
            throw failure("directives (%YAML, %TAG) are not supported in a config file; remove the line", at: index)
        }
        if indent == nil && documentMarker(at: index) == "-" {
            index += 3
            try endLine(after: "---")
            indent = try nextLineIndent()
        }
        var root: YAMLNode?
        var rootIndent = 0
        if let indent {
            index += indent
            rootIndent = indent
            root = try readBlockNode(indent: indent, parentIndent: -1, depth: 0)
        }
        var ended = false
        while true {
            if let indent = try nextLineIndent() {
                let start = index + indent
                if ended { throw failure("text after the end of the document (...); remove it", at: start) }
                if indent < rootIndent {
                    throw failure(
                        "bad indentation: this line is indented less than the document's first line (column \(rootIndent + 1))",
                        at: start)
                }
                throw failure(
                    "the document's top level is a single value, so no line may follow it; a config file holds `key: value` lines",
                    at: start)
            }
            guard index < text.count else { return root }
            if documentMarker(at: index) == "-" {
                throw failure("a second document starts here (---); a config file holds one document", at: index)
            }
            index += 3
            try endLine(after: "...")
            ended = true
        }
    }

    /// `-` for a `---` line, `.` for a `...` line, nil for any other line starting at `lineStart`.
    func documentMarker(at lineStart: Int) -> Unicode.Scalar? {
        guard let first = scalar(at: lineStart), first == "-" || first == ".",
            scalar(at: lineStart + 1) == first, scalar(at: lineStart + 2) == first, isBlankOrBreak(at: lineStart + 3)
        else { return nil }
        return first
    }

    /// Skips blank lines and comment lines from the start of a line, then returns the indentation of
    /// the next line with content, `index` left at its start; nil at the end of the text or at a
    /// `---` or `...` line. Refuses a tab in the indentation.
    private mutating func nextLineIndent() throws(YAMLSyntaxError) -> Int? {
        while index < text.count {
            let start = index
            while current == " " { index += 1 }
            let spaces = index - start
            skipBlanks()
            if atLineEnd() {
                finishLine()
                continue
            }
            index = start
            if spaces == 0 && documentMarker(at: start) != nil { return nil }
            if text[start + spaces] == "\t" {
                throw failure("a tab indents this line; YAML indents with spaces only", at: start + spaces)
            }
            return spaces
        }
        return nil
    }

    // MARK: - Block collections

    /// The node starting at `index`, the first on its line or after a `- ` that starts it there;
    /// `indent` is its column (0-based), `parentIndent` that of the collection holding it.
    private mutating func readBlockNode(indent: Int, parentIndent: Int, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        if startsSequenceItem(at: index) { return try readSequence(indent: indent, depth: depth, endsAtKey: false) }
        if keyColon(at: index) != nil { return try readMapping(indent: indent, depth: depth) }
        return try readLineValue(parentIndent: parentIndent, depth: depth)
    }

    /// A block mapping whose keys start at column `indent`, `index` at its first key.
    private mutating func readMapping(indent: Int, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        try checkDepth(depth)
        var pairs: [YAMLPair] = []
        while true {
            let keyStart = index
            let key = try readKey()
            skipBlanks()
            let valueOnKeyLine = !atLineEnd() && current != "|" && current != ">"
            let value = try readValue(ownerIndent: indent, inSequence: false, depth: depth + 1)
            pairs.append(YAMLPair(key: key, line: line(of: keyStart), value: value))
            guard let next = try nextLineIndent(), next >= indent else { break }
            if next > indent {
                let hint = valueOnKeyLine ? " (a value over several lines needs a block scalar: | or >)" : ""
                throw failure(
                    "bad indentation: this line is indented more than the key \"\(key)\" above it, whose value has ended;"
                        + " align it with that key, or indent it less" + hint,
                    at: index + next)
            }
            index += next
        }
        return .mapping(pairs)
    }

    /// A block sequence whose `-` are at column `indent`, `index` at the first. `endsAtKey` when it is
    /// the value of a key at its own indentation, so a line there that is not an item ends it.
    private mutating func readSequence(indent: Int, depth: Int, endsAtKey: Bool) throws(YAMLSyntaxError) -> YAMLNode {
        try checkDepth(depth)
        var items: [YAMLNode] = []
        while true {
            index += 1
            items.append(try readValue(ownerIndent: indent, inSequence: true, depth: depth + 1))
            guard let next = try nextLineIndent(), next >= indent else { break }
            if next > indent {
                throw failure(
                    "bad indentation: this line is indented more than the `-` above it, whose item has ended;"
                        + " align it with the `-`, or indent it less",
                    at: index + next)
            }
            if startsSequenceItem(at: index + next) {
                index += next
            } else if endsAtKey {
                break
            } else {
                throw failure("expected `- ` starting the next item of the list, or a line indented less", at: index + next)
            }
        }
        return .sequence(items)
    }

    /// A mapping's key, from `index` to past its `:`.
    private mutating func readKey() throws(YAMLSyntaxError) -> String {
        let start = index
        try refuseUnsupported(at: start)
        if startsSequenceItem(at: start) {
            throw failure("a list item where a key of the mapping was expected; indent the list under its key", at: start)
        }
        let key: String
        switch current {
        case "\"", "'":
            key = try readQuoted()
        case "[", "{":
            throw failure("a key must be a word or a quoted string, not a list or mapping", at: start)
        default:
            guard let end = plainEnd(from: start, inFlow: false) else {
                throw failure("a key cannot start with \"\(text[start])\"; quote the key", at: start)
            }
            key = string(start..<end)
            index = end
        }
        skipBlanks()
        guard current == ":" && isBlankOrBreak(at: index + 1) else {
            throw failure(
                "expected `key: value`, found \"\(string(start..<lineEnd(from: start)))\" with no `: ` after a key;"
                    + " a colon ends a key only when a space or the line's end follows it",
                at: start)
        }
        if key == "<<" && text[start] == "<" {
            throw failure("a merge key (<<) is not supported in a config file; write each key out", at: start)
        }
        index += 1
        return key
    }

    /// The value after a key's `:` or an item's `-`, `index` just past that indicator: on the same
    /// line, or on the lines below when nothing but a comment follows it. `ownerIndent` is the
    /// column of the key or the `-`.
    private mutating func readValue(ownerIndent: Int, inSequence: Bool, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        skipBlanks()
        if atLineEnd() {
            finishLine()
            guard let next = try nextLineIndent() else { return .empty }
            if next > ownerIndent {
                index += next
                return try readBlockNode(indent: next, parentIndent: ownerIndent, depth: depth)
            }
            if next == ownerIndent && !inSequence && startsSequenceItem(at: index + next) {
                index += next
                return try readSequence(indent: next, depth: depth, endsAtKey: true)
            }
            return .empty
        }
        if inSequence {
            return try readBlockNode(indent: column(of: index), parentIndent: ownerIndent, depth: depth)
        }
        if startsSequenceItem(at: index) {
            throw failure("a list cannot start on the line of its key; put each `- ` item on a line of its own below the key", at: index)
        }
        if let colon = keyColon(at: index) {
            throw failure(
                "a second `: ` on the line of a key; quote a value that holds `: `, or write a nested mapping"
                    + " on the lines below its key, indented",
                at: colon)
        }
        return try readLineValue(parentIndent: ownerIndent, depth: depth)
    }

    /// A value that is not a block collection, from `index` to the start of the next line: a plain or
    /// quoted scalar or a flow collection (each followed only by a comment), or a block scalar.
    private mutating func readLineValue(parentIndent: Int, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let start = index
        try refuseUnsupported(at: start)
        let node: YAMLNode
        switch text[start] {
        case "|", ">":
            return try readBlockScalar(parentIndent: parentIndent)
        case "[", "{":
            node = try readFlowCollection(minimumIndent: parentIndent + 1, depth: depth)
        case "\"", "'":
            node = .scalar(YAMLScalar(text: try readQuoted(), isPlain: false))
        default:
            node = try readPlain(inFlow: false)
        }
        skipBlanks()
        guard atLineEnd() else {
            if current == ":" && (text[start] == "[" || text[start] == "{") { throw failure("a key must be a word or a quoted string, not a list or mapping", at: start) }
            throw failure("unexpected text after the value; quote the whole value", at: index)
        }
        finishLine()
        return node
    }

    /// Whether a block sequence item (`-` then a space, a tab or the line's end) starts at `position`.
    private func startsSequenceItem(at position: Int) -> Bool {
        scalar(at: position) == "-" && isBlankOrBreak(at: position + 1)
    }

    /// The position of the `:` ending a key that starts at `position`, nil when no key starts there.
    private func keyColon(at position: Int) -> Int? {
        var colon: Int
        switch scalar(at: position) {
        case "\"", "'":
            guard let end = quotedEnd(from: position) else { return nil }
            colon = end
        default:
            guard let end = plainEnd(from: position, inFlow: false) else { return nil }
            colon = end
        }
        while isBlank(at: colon) { colon += 1 }
        return scalar(at: colon) == ":" && isBlankOrBreak(at: colon + 1) ? colon : nil
    }

    func checkDepth(_ depth: Int) throws(YAMLSyntaxError) {
        guard depth < Self.maximumDepth else {
            throw failure("nested more than \(Self.maximumDepth) levels deep; a config file needs a few", at: index)
        }
    }

    /// Refuses the YAML features a config file has no use for, where a node or key starts at `position`.
    func refuseUnsupported(at position: Int) throws(YAMLSyntaxError) {
        func word() -> String {
            var end = position + 1
            while !isBlankOrBreak(at: end) && !"[]{},".unicodeScalars.contains(text[end]) { end += 1 }
            return string(position..<end)
        }
        switch text[position] {
        case "&":
            throw failure("an anchor (\(word())) is not supported in a config file; write the value out in full", at: position)
        case "*":
            throw failure("an alias (\(word())) is not supported in a config file; write the value out in full", at: position)
        case "!":
            throw failure("a tag (\(word())) is not supported in a config file; write the value without it", at: position)
        case "?" where isBlankOrBreak(at: position + 1):
            throw failure("a complex key (`? `) is not supported in a config file; write `key: value` with a plain or quoted key", at: position)
        default:
            return
        }
    }

    // MARK: - Positions and lines

    var current: Unicode.Scalar? { scalar(at: index) }

    func scalar(at position: Int) -> Unicode.Scalar? {
        position < text.count ? text[position] : nil
    }

    func isBlank(at position: Int) -> Bool {
        scalar(at: position) == " " || scalar(at: position) == "\t"
    }

    /// A space, a tab, a line break or the end of the text.
    func isBlankOrBreak(at position: Int) -> Bool {
        position >= text.count || isBlank(at: position) || text[position] == "\n"
    }

    mutating func skipBlanks() {
        while isBlank(at: index) { index += 1 }
    }

    /// Whether `index` is at the end of its line or at a comment (a `#` after a blank or at a line's start).
    func atLineEnd() -> Bool {
        guard let scalar = current, scalar != "\n" else { return true }
        return scalar == "#" && (index == 0 || isBlankOrBreak(at: index - 1))
    }

    /// Moves `index` to the start of the next line.
    mutating func finishLine() {
        index = min(lineEnd(from: index) + 1, text.count)
    }

    /// Requires the rest of the line after a marker to be blank or a comment, and moves past it.
    private mutating func endLine(after marker: String) throws(YAMLSyntaxError) {
        skipBlanks()
        guard atLineEnd() else {
            throw failure("nothing but a comment may follow \(marker) on its line; start the content on the next line", at: index)
        }
        finishLine()
    }

    /// The position of the line break ending the line that holds `position`, or the text's end.
    func lineEnd(from position: Int) -> Int {
        text[position...].firstIndex(of: "\n") ?? text.count
    }

    /// The 1-based line of `position`.
    func line(of position: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The 0-based column of `position`.
    func column(of position: Int) -> Int {
        position - lineStarts[line(of: position) - 1]
    }

    func string(_ range: Range<Int>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text[range])
        return String(scalars)
    }

    func failure(_ problem: String, at position: Int) -> YAMLSyntaxError {
        YAMLSyntaxError(line: line(of: position), column: column(of: position) + 1, problem: problem)
    }
}
