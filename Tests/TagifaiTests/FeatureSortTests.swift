import Testing
@testable import Tagifai

@Suite struct FeatureSortTests {
    @Test(arguments: [0, 1, 2, 17, 300, 5_000])
    func sortsLikeTheStandardLibrary(count: Int) {
        var generator = SystemRandomNumberGenerator()
        for largest in [UInt32(9), 42_477, 70_000, .max] {
            var values = (0..<count).map { _ in UInt32.random(in: 0...largest, using: &generator) }
            let expected = values.sorted()
            var scratch = [UInt32](repeating: 0, count: count)
            values.withUnsafeMutableBufferPointer { values in
                scratch.withUnsafeMutableBufferPointer { FeatureSort.sort(values, scratch: $0) }
            }
            #expect(values == expected)
        }
    }
}
