extension JSONValue {
    /// About how many bytes of a refused value's text a 422 answer echoes in its `input`.
    static let echoLimit = 256

    /// The value cut to about `limit` bytes of its JSON text, for the `input` of a 422 answer, so a
    /// large refused body is never sent back whole: a string keeps its first whole characters and
    /// ends with `...`, a number too long to keep becomes such a string of its first digits, and a
    /// list or object keeps the items that fit, then a last `"..."` item (a `"...": "..."` member)
    /// where items were left out; an object's keys are cut as strings are. A number beyond a
    /// double's range (`1e400`) becomes the string of its text, as many JSON readers refuse such a
    /// number. Other values within the limit come back unchanged.
    func truncatedForEcho(limit: Int = echoLimit) -> JSONValue {
        var budget = limit
        return truncated(budget: &budget)
    }

    private static let marker = "..."

    private func truncated(budget: inout Int) -> JSONValue {
        switch self {
        case .null, .bool:
            budget -= 5
            return self
        case .number(let text):
            guard text.utf8.count > budget || !Self.fitsADouble(text) else {
                budget -= text.utf8.count
                return self
            }
            return Self.truncated(text, budget: &budget)
        case .string(let text):
            return Self.truncated(text, budget: &budget)
        case .array(let elements):
            budget -= 2
            var kept: [JSONValue] = []
            for element in elements {
                guard budget > 0 else {
                    kept.append(.string(Self.marker))
                    break
                }
                kept.append(element.truncated(budget: &budget))
            }
            return .array(kept)
        case .object(let members):
            budget -= 2
            var kept: [Member] = []
            for member in members {
                guard budget > 0 else {
                    kept.append(Member(Self.marker, .string(Self.marker)))
                    break
                }
                let key = Self.cut(member.key, budget: &budget)
                budget -= 1
                kept.append(Member(key, member.value.truncated(budget: &budget)))
            }
            return .object(kept)
        }
    }

    /// Whether a number's text reads as a finite double: `1e400` does not, `1e-400` does (as zero).
    private static func fitsADouble(_ text: String) -> Bool {
        Double(text)?.isFinite ?? false
    }

    /// `text` as a string value of at most `budget` bytes (whole characters) followed by `...` when cut.
    private static func truncated(_ text: String, budget: inout Int) -> JSONValue {
        .string(cut(text, budget: &budget))
    }

    /// `text` (a string value or an object's key) kept to at most `budget` bytes of whole characters,
    /// followed by `...` when cut; charges `budget` for it and its quotes.
    private static func cut(_ text: String, budget: inout Int) -> String {
        let length = text.utf8.count
        if length <= budget {
            budget -= length + 2
            return text
        }
        var kept = 0
        var end = text.unicodeScalars.startIndex
        for scalar in text.unicodeScalars {
            let size = UTF8.width(scalar)
            guard kept + size <= max(budget, 0) else { break }
            kept += size
            end = text.unicodeScalars.index(after: end)
        }
        budget -= kept + Self.marker.utf8.count + 2
        return String(text.unicodeScalars[..<end]) + Self.marker
    }
}
