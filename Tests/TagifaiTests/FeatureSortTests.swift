import Testing
@testable import Tagifai

@Suite struct FeatureSortTests {
    /// What `forEachDistinct` gives `values`: each distinct value in order, with its count.
    private func visits(_ values: [UInt32]) -> [(UInt32, Int)] {
        var values = values
        var scratch = [UInt32](repeating: 0, count: values.count)
        var seen: [(UInt32, Int)] = []
        values.withUnsafeMutableBufferPointer { values in
            scratch.withUnsafeMutableBufferPointer { scratch in
                FeatureSort.forEachDistinct(values, scratch: scratch) { seen.append(($0, $1)) }
            }
        }
        return seen
    }

    private func expected(_ values: [UInt32]) -> [(UInt32, Int)] {
        Dictionary(grouping: values, by: { $0 }).map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
    }

    /// Counts and ranges that take each path: the bitmap (below `bitmapLimit`) with no repeats, a few
    /// (insertion-sorted) or many (radix-sorted), and the radix sort alone from `bitmapLimit` up.
    @Test(arguments: [0, 1, 2, 17, 300, 5_000])
    func visitsEachDistinctValueInOrderWithItsCount(count: Int) {
        var generator = SystemRandomNumberGenerator()
        for largest in [UInt32(9), 42_477, 70_000, FeatureSort.bitmapLimit - 1, FeatureSort.bitmapLimit, .max] {
            let values = (0..<count).map { _ in UInt32.random(in: 0...largest, using: &generator) }
            let seen = visits(values)
            #expect(seen.map(\.0) == expected(values).map(\.0), "largest \(largest)")
            #expect(seen.map(\.1) == expected(values).map(\.1), "largest \(largest)")
        }
    }

    @Test func countsEveryRepeatOfAValueThatFillsTheText() {
        let values = [UInt32](repeating: 40_000, count: 1_000) + [7, 63, 64, 40_000]
        let seen = visits(values)
        #expect(seen.map(\.0) == [7, 63, 64, 40_000])
        #expect(seen.map(\.1) == [1, 1, 1, 1_001])
    }
}
