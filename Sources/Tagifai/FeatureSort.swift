import Glibc
import SystemSupport

/// Visits a text's n-gram feature indexes in ascending order, each distinct index once with the
/// number of times it occurs: the order the scores are summed in, so they are the same to the bit
/// whatever way the indexes are ordered.
///
/// Indexes below `bitmapLimit` (every vocabulary the trainer writes) are marked in a bitmap, one bit
/// a feature, with a summary bit for each 64-feature word so the read-back visits only the words
/// that hold a mark; an index marked already is a repeat and goes to a side list. The bitmap is read
/// back in ascending order, and each index is counted with its repeats, which are few (a text
/// repeats a handful of its n-grams) and sorted on their own. A text's few hundred indexes cost
/// about a third of the two 256-bucket radix passes, which larger indexes still take. The visit
/// happens during the read-back, so the indexes are never written out in order.
///
/// Each thread keeps its bitmap (65 KiB) for good, and the read-back clears the words it reads, so
/// the bitmap is clear again at the end of every call: clearing it whole at the start of each text
/// took about 2,500 instructions of a text's 58,000 (callgrind).
enum FeatureSort {
    /// Indexes at or above this go to the radix sort: it bounds each thread's bitmap at 64 KiB.
    static let bitmapLimit: UInt32 = 1 << 19
    /// The bitmap's words, and its summary's after them.
    private static let bitmapWords = Int(bitmapLimit >> 6), summaryCapacity = bitmapWords >> 6

    /// Calls `body` with each distinct value of `values` in ascending order and its count. `values`
    /// is left in no particular order; `scratch` must hold at least `values.count` elements.
    @inline(__always)
    static func forEachDistinct(
        _ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>,
        _ body: (_ value: UInt32, _ count: Int) -> Void
    ) {
        precondition(scratch.count >= values.count, "FeatureSort needs scratch as large as the values")
        guard let largest = values.max() else { return }
        if largest < bitmapLimit {
            bitmapVisit(values, scratch: scratch, largest: largest, body)
            return
        }
        radixSort(values, scratch: scratch, largest: largest)
        var position = 0
        while position < values.count {
            let value = values[position]
            var count = 1
            while position + count < values.count && values[position + count] == value { count += 1 }
            body(value, count)
            position += count
        }
    }

    @inline(__always)
    private static func bitmapVisit(
        _ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>, largest: UInt32,
        _ body: (UInt32, Int) -> Void
    ) {
        let words = Int(largest >> 6) + 1, summaryWords = (words + 63) >> 6
        let bits = threadBitmaps.current.words, summary = bits + bitmapWords
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
        // `values` is not read again, so it is the repeats' scratch.
        let repeated = UnsafeMutableBufferPointer(rebasing: scratch[0..<repeats])
        if repeats <= 48 {
            insertionSort(repeated)
        } else {
            radixSort(repeated, scratch: values, largest: largest)
        }
        var nextRepeat = 0
        for summaryIndex in 0..<summaryWords {
            var wordsMarked = summary[summaryIndex]
            summary[summaryIndex] = 0
            while wordsMarked != 0 {
                let word = summaryIndex << 6 + wordsMarked.trailingZeroBitCount
                wordsMarked &= wordsMarked - 1
                var marked = bits[word]
                bits[word] = 0
                while marked != 0 {
                    let value = UInt32(truncatingIfNeeded: word << 6 + marked.trailingZeroBitCount)
                    marked &= marked - 1
                    // Every repeat's value is marked, and the repeats are ascending: those of
                    // `value` are next in line.
                    var count = 1
                    while nextRepeat < repeats && repeated[nextRepeat] == value {
                        count += 1
                        nextRepeat += 1
                    }
                    body(value, count)
                }
            }
        }
    }

    /// Each thread's bitmap, all clear between calls: `bitmapWords` words, then `summaryCapacity`;
    /// made (zeroed) on the thread's first call and freed when the thread exits.
    private static let threadBitmaps = PerThread { Bitmap(words: bitmapWords + summaryCapacity) }

    private final class Bitmap {
        let words: UnsafeMutablePointer<UInt64>

        init(words count: Int) {
            guard let made = calloc(count, MemoryLayout<UInt64>.stride) else {
                fatalError("FeatureSort: no memory for a \(count * 8)-byte bitmap")
            }
            words = made.assumingMemoryBound(to: UInt64.self)
        }

        deinit { free(words) }
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
