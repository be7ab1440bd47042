import COpenBLAS
import FoundationEssentials
import Glibc

/// Multi-head scaled dot-product attention of one sequence: for each head, `softmax(Q·Kᵀ/√d)·V`.
///
/// Queries, keys and values are rows of `stride` floats holding all heads side by side (head `h`
/// at columns `h·headSize ..< (h+1)·headSize`), as the projections write them. Only the first
/// `length` rows are real tokens: padding is neither attended to nor computed, which gives what
/// the reference's additive mask gives (its masked weights underflow to exactly 0).
enum ScaledDotProductAttention {
    /// Writes each real row's context to `context` (same layout); `scores` holds `length²` floats.
    static func attend(
        queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
        length: Int, heads: Int, headSize: Int, stride: Int,
        context: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>
    ) {
        guard length > 0 else { return }
        let scale = 1 / Float(headSize).squareRoot()
        for head in 0..<heads {
            let column = head * headSize
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans,
                Int32(length), Int32(length), Int32(headSize),
                scale, queries + column, Int32(stride), keys + column, Int32(stride),
                0, scores, Int32(length)
            )
            for row in 0..<length {
                softmax(scores + row * length, count: length)
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans,
                Int32(length), Int32(headSize), Int32(length),
                1, scores, Int32(length), values + column, Int32(stride),
                0, context + column, Int32(stride)
            )
        }
    }

    /// The softmax of `count` values in place, shifted by their maximum so no `exp` overflows.
    static func softmax(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var largest = -Float.infinity
        for i in 0..<count { largest = max(largest, values[i]) }
        var sum: Float = 0
        for i in 0..<count {
            let e = expf(values[i] - largest)
            values[i] = e
            sum += e
        }
        let inverse = 1 / sum
        for i in 0..<count { values[i] *= inverse }
    }
}
