import FoundationEssentials
import Glibc

/// Turns linear class scores into probabilities.
enum Softmax {
    /// Replaces `scores` with `exp(score) / sum(exp)`, shifted by the maximum for stability.
    static func normalize(_ scores: UnsafeMutableBufferPointer<Double>) {
        guard var maximum = scores.first else { return }
        for score in scores where score > maximum { maximum = score }
        var sum = 0.0
        for index in scores.indices {
            scores[index] = exp(scores[index] - maximum)
            sum += scores[index]
        }
        for index in scores.indices { scores[index] /= sum }
    }
}
