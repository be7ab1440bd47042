/// Flow collections: `[a, b]` and `{key: value}`, which may span lines.
extension YAMLReader {
    /// The `[ ]` or `{ }` collection opening at `index`, through its closing bracket. A line it spans
    /// must be indented at least `minimumIndent` (more than the key or `-` it belongs to), unless it
    /// starts with a closing bracket.
    mutating func readFlowCollection(minimumIndent: Int, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        try checkDepth(depth)
        let open = index
        let isMapping = text[open] == "{"
        let close: Unicode.Scalar = isMapping ? "}" : "]"
        index += 1
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        while true {
            try skipFlowSpace(open: open, minimumIndent: minimumIndent)
            if current == close { break }
            let start = index
            let node = try readFlowNode(minimumIndent: minimumIndent, depth: depth + 1)
            try skipFlowSpace(open: open, minimumIndent: minimumIndent)
            if isMapping {
                guard case .scalar(let key) = node else {
                    throw failure("a key must be a word or a quoted string, not a list or mapping", at: start)
                }
                var value = YAMLNode.empty
                if current == ":" {
                    index += 1
                    try skipFlowSpace(open: open, minimumIndent: minimumIndent)
                    if current != "," && current != close {
                        value = try readFlowNode(minimumIndent: minimumIndent, depth: depth + 1)
                        try skipFlowSpace(open: open, minimumIndent: minimumIndent)
                    }
                }
                pairs.append(YAMLPair(key: key.text, line: line(of: start), value: value))
            } else {
                items.append(node)
                if current == ":" {
                    throw failure("a `key: value` pair inside [ ] is not supported in a config file; write a { } mapping", at: index)
                }
            }
            if current == close { break }
            guard current == "," else {
                throw failure(
                    "expected `,` or `\(close)` after an \(isMapping ? "entry of the mapping" : "item of the list") opened at \(place(open))",
                    at: index)
            }
            index += 1
        }
        index += 1
        return isMapping ? .mapping(pairs) : .sequence(items)
    }

    /// A collection, quoted scalar or plain scalar inside a flow collection.
    private mutating func readFlowNode(minimumIndent: Int, depth: Int) throws(YAMLSyntaxError) -> YAMLNode {
        try refuseUnsupported(at: index)
        switch current {
        case "[", "{": return try readFlowCollection(minimumIndent: minimumIndent, depth: depth)
        case "\"", "'": return .scalar(YAMLScalar(text: try readQuoted(), isPlain: false))
        default: return try readPlain(inFlow: true)
        }
    }

    /// Skips blanks, comments and line breaks inside the collection opened at `open`; refuses the
    /// text's end, a document marker and a line indented less than `minimumIndent` that does not
    /// start with a closing bracket, for then the collection was never closed.
    private mutating func skipFlowSpace(open: Int, minimumIndent: Int) throws(YAMLSyntaxError) {
        let (kind, close) = text[open] == "[" ? ("list", "]") : ("mapping", "}")
        while true {
            skipBlanks()
            if current == "#" && atLineEnd() { index = lineEnd(from: index) }
            guard let scalar = current else { throw failure("this \(text[open]) is never closed with \(close)", at: open) }
            guard scalar == "\n" else { return }
            index += 1
            let lineStart = index
            while current == " " { index += 1 }
            let spaces = index - lineStart
            skipBlanks()
            if atLineEnd() || current == "]" || current == "}" { continue }
            if spaces < minimumIndent || (spaces == 0 && documentMarker(at: lineStart) != nil) {
                throw failure(
                    "this line is not indented under the \(kind) opened at \(place(open)), and does not close it with \(close)",
                    at: index)
            }
        }
    }

    /// "line L column C" of `position`, 1-based.
    private func place(_ position: Int) -> String {
        "line \(line(of: position)) column \(column(of: position) + 1)"
    }
}
