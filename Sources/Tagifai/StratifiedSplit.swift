/// The recipe's stratified 70 / 15 / 15 train / validation / test split.
struct StratifiedSplit {
    var train: [Int] = []
    var validation: [Int] = []
    var test: [Int] = []

    /// Splits the row indices of `labels` class by class, keeping each class's order.
    init(labels: [Int], classCount: Int) {
        for label in 0..<classCount {
            let rows = labels.indices.filter { labels[$0] == label }
            let trainCount = Int((Double(rows.count) * 0.7).rounded())
            let validationCount = (rows.count - trainCount) / 2
            train += rows[0..<trainCount]
            validation += rows[trainCount..<(trainCount + validationCount)]
            test += rows[(trainCount + validationCount)...]
        }
    }
}
