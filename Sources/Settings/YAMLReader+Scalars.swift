/// Plain, quoted and block scalars.
extension YAMLReader {
    /// The end (past its last non-blank scalar) of the plain scalar starting at `start`, nil when
    /// none can start there. It ends at the line's end, at a comment, at a `:` followed by a blank
    /// (a key's end) and, inside `[ ]` or `{ }`, at `,`, `[`, `]`, `{` or `}`.
    func plainEnd(from start: Int, inFlow: Bool) -> Int? {
        guard canStartPlain(at: start, inFlow: inFlow) else { return nil }
        var position = start
        var end = start
        while let scalar = scalar(at: position), scalar != "\n" {
            if scalar == "#" && isBlank(at: position - 1) { break }
            if scalar == ":" && (isBlankOrBreak(at: position + 1) || inFlow && isFlowIndicator(at: position + 1)) { break }
            if inFlow && isFlowIndicator(at: position) { break }
            position += 1
            if scalar != " " && scalar != "\t" { end = position }
        }
        return end
    }

    /// The plain scalar at `index`, which moves past its last non-blank scalar.
    mutating func readPlain(inFlow: Bool) throws(YAMLSyntaxError) -> YAMLNode {
        let start = index
        guard let end = plainEnd(from: start, inFlow: inFlow) else {
            throw failure("a value cannot start with \"\(text[start])\"; quote the value", at: start)
        }
        index = end
        return .scalar(YAMLScalar(text: string(start..<end), isPlain: true))
    }

    /// YAML's indicators may not start a plain scalar, except `-`, `?` and `:` followed by a non-blank.
    private func canStartPlain(at position: Int, inFlow: Bool) -> Bool {
        guard let first = scalar(at: position), !isBlankOrBreak(at: position) else { return false }
        if "-?:".unicodeScalars.contains(first) {
            return !isBlankOrBreak(at: position + 1) && !(inFlow && isFlowIndicator(at: position + 1))
        }
        return !",[]{}#&*!|>'\"%@`".unicodeScalars.contains(first)
    }

    func isFlowIndicator(at position: Int) -> Bool {
        guard let scalar = scalar(at: position) else { return false }
        return ",[]{}".unicodeScalars.contains(scalar)
    }

    /// The position past the closing quote of the quoted scalar opening at `start`, nil when it is not
    /// closed on its line.
    func quotedEnd(from start: Int) -> Int? {
        let quote = text[start]
        var position = start + 1
        while let scalar = scalar(at: position), scalar != "\n" {
            if scalar == quote {
                guard quote == "'" && self.scalar(at: position + 1) == "'" else { return position + 1 }
                position += 2
            } else if quote == "\"" && scalar == "\\" {
                guard let escaped = self.scalar(at: position + 1), escaped != "\n" else { return nil }
                position += 2
            } else {
                position += 1
            }
        }
        return nil
    }

    /// The single- or double-quoted scalar at `index`, which moves past its closing quote; `''`
    /// stands for `'` in the first, `\` starts an escape in the second.
    mutating func readQuoted() throws(YAMLSyntaxError) -> String {
        let start = index
        let quote = text[start]
        guard let end = quotedEnd(from: start) else {
            throw failure(
                "unterminated quoted value: the \(quote) opened here is not closed on its line;"
                    + " a quoted value must end on the line it starts",
                at: start)
        }
        index = end
        var scalars = String.UnicodeScalarView()
        var position = start + 1
        while position < end - 1 {
            let scalar = text[position]
            if quote == "\"" && scalar == "\\" {
                position = try decodeEscape(at: position, into: &scalars)
            } else {
                scalars.append(scalar)
                position += quote == "'" && scalar == "'" ? 2 : 1
            }
        }
        return String(scalars)
    }

    private static let escapes: [Unicode.Scalar: Unicode.Scalar] = [
        "\\": "\\", "\"": "\"", "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0",
    ]

    /// Appends what the escape at `backslash` stands for; returns the position after it.
    private func decodeEscape(at backslash: Int, into scalars: inout String.UnicodeScalarView) throws(YAMLSyntaxError) -> Int {
        let code = text[backslash + 1]
        if let decoded = Self.escapes[code] {
            scalars.append(decoded)
            return backslash + 2
        }
        let digits = code == "x" ? 2 : code == "u" ? 4 : code == "U" ? 8 : 0
        guard digits > 0 else {
            throw failure(
                "unknown escape \\\(code) in a double-quoted value; the escapes are \\\\ \\\" \\/ \\n \\t \\r \\0 \\x \\u \\U",
                at: backslash)
        }
        var value: UInt32 = 0
        for position in backslash + 2..<backslash + 2 + digits {
            guard let digit = scalar(at: position).flatMap(Self.hexValue) else {
                throw failure("the escape \\\(code) needs \(digits) hexadecimal digits", at: backslash)
            }
            value = value << 4 | digit
        }
        guard let decoded = Unicode.Scalar(value) else {
            throw failure("the escape \\\(code) names no Unicode character", at: backslash)
        }
        scalars.append(decoded)
        return backslash + 2 + digits
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 0x30
        case "a"..."f": scalar.value - 0x61 + 10
        case "A"..."F": scalar.value - 0x41 + 10
        default: nil
        }
    }

    /// The block scalar whose header (`|` or `>`, then an optional chomping indicator `-` or `+` and
    /// indentation digit) is at `index`, through its last line; `index` ends at the start of the
    /// first line after it. Its lines are those indented more than `parentIndent`, by as much as the
    /// first non-empty one (or by the digit, counted from `parentIndent`).
    mutating func readBlockScalar(parentIndent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        let literal = current == "|"
        index += 1
        var chomping: Unicode.Scalar?
        var contentIndent: Int?
        while let scalar = current {
            if (scalar == "-" || scalar == "+") && chomping == nil {
                chomping = scalar
            } else if ("1"..."9").contains(scalar) && contentIndent == nil {
                contentIndent = max(parentIndent, 0) + Int(scalar.value - 0x30)
            } else {
                break
            }
            index += 1
        }
        skipBlanks()
        guard atLineEnd() else {
            throw failure(
                "after \(literal ? "|" : ">") only a chomping indicator (- or +), an indentation digit (1 to 9) and a comment"
                    + " may follow on its line; the text starts on the next line",
                at: index)
        }
        finishLine()
        var lines: [String] = []
        while index < text.count {
            let start = index
            var spaces = 0
            while scalar(at: start + spaces) == " " { spaces += 1 }
            let end = lineEnd(from: start + spaces)
            if start + spaces == end {
                lines.append(contentIndent.map { spaces > $0 ? string(start + $0..<end) : "" } ?? "")
            } else {
                let indent = contentIndent ?? spaces
                guard spaces >= indent && indent > parentIndent && !(spaces == 0 && documentMarker(at: start) != nil) else { break }
                contentIndent = indent
                lines.append(string(start + indent..<end))
            }
            index = min(end + 1, text.count)
        }
        var trailingEmptyLines = 0
        while lines.last == "" {
            lines.removeLast()
            trailingEmptyLines += 1
        }
        var value = literal ? lines.joined(separator: "\n") : Self.folded(lines)
        if chomping != "-" && !lines.isEmpty { value += "\n" }
        if chomping == "+" { value += String(repeating: "\n", count: trailingEmptyLines) }
        return .scalar(YAMLScalar(text: value, isPlain: false))
    }

    /// A folded block scalar's lines joined: a line break between two lines becomes a space, except
    /// next to a more indented line (kept as written); each empty line between them is one line break.
    private static func folded(_ lines: [String]) -> String {
        var value = ""
        var emptyLines = 0
        var previousMoreIndented: Bool?
        for line in lines {
            if line.isEmpty {
                emptyLines += 1
                continue
            }
            let moreIndented = line.first == " " || line.first == "\t"
            switch previousMoreIndented {
            case nil: value += String(repeating: "\n", count: emptyLines)
            case false? where !moreIndented: value += emptyLines == 0 ? " " : String(repeating: "\n", count: emptyLines)
            default: value += String(repeating: "\n", count: emptyLines + 1)
            }
            value += line
            emptyLines = 0
            previousMoreIndented = moreIndented
        }
        return value
    }
}
