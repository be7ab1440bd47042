/// Sorts a text's n-gram feature indexes in ascending order, so repeated n-grams sit together.
///
/// A least-significant-byte radix sort: a vocabulary under 65,536 n-grams needs two passes over
/// a text's few hundred indexes, where the standard library's merge sort cost about a third as
/// much as the scoring itself. Sorted order is unique, so the scores are the same to the bit.
enum FeatureSort {
    /// Sorts `values` in place; `scratch` must hold at least `values.count` elements.
    static func sort(_ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>) {
        precondition(scratch.count >= values.count, "FeatureSort needs scratch as large as the values")
        guard values.count > 1, let largest = values.max() else { return }
        var source = values
        var target = UnsafeMutableBufferPointer(rebasing: scratch[0..<values.count])
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { offsets in
            var shift: UInt32 = 0
            while shift < 32 && largest >> shift > 0 {
                offsets.initialize(repeating: 0)
                for value in source { offsets[Int(value >> shift & 0xFF)] += 1 }
                var start = 0
                for digit in 0..<256 {
                    let count = offsets[digit]
                    offsets[digit] = start
                    start += count
                }
                for value in source {
                    let digit = Int(value >> shift & 0xFF)
                    target[offsets[digit]] = value
                    offsets[digit] += 1
                }
                swap(&source, &target)
                shift += 8
            }
        }
        if source.baseAddress != values.baseAddress {
            _ = values.update(fromContentsOf: source)
        }
    }
}
