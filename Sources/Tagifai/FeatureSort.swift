/// Sorts a text's n-gram feature indexes in ascending order, so repeated n-grams sit together.
///
/// Indexes below `bitmapLimit` (every vocabulary the trainer writes) are marked in a bitmap, one bit
/// a feature, with a summary bit for each 64-feature word so the read-back visits only the words
/// that hold a mark; an index marked already is a repeat and goes to a side list. The bitmap is read
/// back in ascending order, and each index is followed by its repeats, which are few (a text
/// repeats a handful of its n-grams) and sorted on their own. A text's few hundred indexes cost
/// about a third of the two 256-bucket radix passes, which larger indexes still take. Sorted order
/// is unique, so the scores are the same to the bit whichever way the indexes were sorted.
enum FeatureSort {
    /// Indexes at or above this go to the radix sort: a bitmap this large (64 KiB) costs more to
    /// clear than a text's indexes cost to radix sort.
    static let bitmapLimit: UInt32 = 1 << 19

    /// Sorts `values` in place; `scratch` must hold at least `values.count` elements.
    static func sort(_ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>) {
        precondition(scratch.count >= values.count, "FeatureSort needs scratch as large as the values")
        guard values.count > 1, let largest = values.max() else { return }
        if largest < bitmapLimit {
            bitmapSort(values, scratch: scratch, largest: largest)
        } else {
            radixSort(values, scratch: scratch, largest: largest)
        }
    }

    private static func bitmapSort(
        _ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>, largest: UInt32
    ) {
        let words = Int(largest >> 6) + 1, summaryWords = (words + 63) >> 6
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words + summaryWords) { marks in
            marks.initialize(repeating: 0)
            let bits = marks.baseAddress!, summary = bits + words
            var repeats = 0
            for value in values {
                let word = Int(value >> 6), bit = UInt64(1) << (value & 63)
                if bits[word] & bit != 0 {
                    scratch[repeats] = value
                    repeats += 1
                } else {
                    bits[word] |= bit
                    summary[word >> 6] |= UInt64(1) << (word & 63)
                }
            }
            // `values` is free until the read-back below, so it is the repeats' scratch.
            let repeated = UnsafeMutableBufferPointer(rebasing: scratch[0..<repeats])
            if repeats <= 48 {
                insertionSort(repeated)
            } else {
                radixSort(repeated, scratch: values, largest: largest)
            }
            var written = 0, nextRepeat = 0
            for summaryIndex in 0..<summaryWords {
                var wordsMarked = summary[summaryIndex]
                while wordsMarked != 0 {
                    let word = summaryIndex << 6 + wordsMarked.trailingZeroBitCount
                    wordsMarked &= wordsMarked - 1
                    var marked = bits[word]
                    while marked != 0 {
                        let value = UInt32(truncatingIfNeeded: word << 6 + marked.trailingZeroBitCount)
                        marked &= marked - 1
                        values[written] = value
                        written += 1
                        // Every repeat's value is marked, and the repeats are ascending: those of
                        // `value` are next in line.
                        while nextRepeat < repeats && repeated[nextRepeat] == value {
                            values[written] = value
                            written += 1
                            nextRepeat += 1
                        }
                    }
                }
            }
        }
    }

    private static func insertionSort(_ values: UnsafeMutableBufferPointer<UInt32>) {
        for index in values.indices.dropFirst() {
            let value = values[index]
            var position = index
            while position > 0 && values[position - 1] > value {
                values[position] = values[position - 1]
                position -= 1
            }
            values[position] = value
        }
    }

    /// A least-significant-byte radix sort, one pass per byte of `largest`; the result ends in `values`.
    private static func radixSort(
        _ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>, largest: UInt32
    ) {
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
