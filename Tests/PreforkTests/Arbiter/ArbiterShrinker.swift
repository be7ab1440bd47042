/// Delta debugging for a failing step sequence: drops chunks, halving their size, while the
/// sequence still fails, until no single step can go.
enum ArbiterShrinker {
    static func shrink<Step>(_ steps: [Step], stillFails: ([Step]) -> Bool) -> [Step] {
        var steps = steps
        var chunk = max(1, steps.count / 2)
        while true {
            var start = 0
            var dropped = false
            while start < steps.count {
                var candidate = steps
                candidate.removeSubrange(start..<min(start + chunk, steps.count))
                if stillFails(candidate) {
                    steps = candidate
                    dropped = true
                } else {
                    start += chunk
                }
            }
            if chunk == 1, !dropped { return steps }
            if !dropped { chunk = max(1, chunk / 2) }
        }
    }
}
