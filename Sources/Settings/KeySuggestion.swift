/// Finds the known key an unknown one was probably meant to be (`worker` → `workers`).
package enum KeySuggestion {
    /// The closest key within a small edit distance, or nil when nothing is close.
    package static func nearest(to key: String, among keys: [String]) -> String? {
        let typed = key.lowercased().map { $0 == "-" ? "_" : $0 }
        let limit = max(1, min(3, typed.count / 3))
        let scored = keys.map { (key: $0, distance: editDistance(typed, Array($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
        return best.key
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousRow: [Int] = []
        var row = Array(0...b.count)
        for i in 1...a.count {
            let rowBefore = previousRow
            previousRow = row
            row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], rowBefore[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}
