import Testing
@testable import Tagifai

@Suite struct FeatureSortTests {
    /// Counts and ranges that take each path: the bitmap (below `bitmapLimit`) with no repeats, a few
    /// (insertion-sorted) or many (radix-sorted), and the radix sort alone from `bitmapLimit` up.
    @Test(arguments: [0, 1, 2, 17, 300, 5_000])
    func sortsLikeTheStandardLibrary(count: Int) {
        var generator = SystemRandomNumberGenerator()
        for largest in [UInt32(9), 42_477, 70_000, FeatureSort.bitmapLimit - 1, FeatureSort.bitmapLimit, .max] {
            var values = (0..<count).map { _ in UInt32.random(in: 0...largest, using: &generator) }
            let expected = values.sorted()
            var scratch = [UInt32](repeating: 0, count: count)
            values.withUnsafeMutableBufferPointer { values in
                scratch.withUnsafeMutableBufferPointer { FeatureSort.sort(values, scratch: $0) }
            }
            #expect(values == expected)
        }
    }

    @Test func keepsEveryRepeatOfAValueThatFillsTheText() {
        var values = [UInt32](repeating: 40_000, count: 1_000) + [7, 63, 64, 40_000]
        let expected = values.sorted()
        var scratch = [UInt32](repeating: 0, count: values.count)
        values.withUnsafeMutableBufferPointer { values in
            scratch.withUnsafeMutableBufferPointer { FeatureSort.sort(values, scratch: $0) }
        }
        #expect(values == expected)
    }
}
