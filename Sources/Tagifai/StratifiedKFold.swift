/// Stratified K-fold cross-validation folds, defined as scikit-learn's
/// `StratifiedKFold(n_splits=K, shuffle=True)` defines them.
///
/// The rows sorted by class are dealt to the folds in turn, which fixes how many rows of each
/// class every fold gets (a class's rows spread over the folds as evenly as they can, and fold
/// sizes differ by at most one); then each class's fold numbers are shuffled over its rows.
/// The shuffle is seeded SplitMix64, not numpy's Mersenne Twister, so the folds follow the same
/// definition but are not the same rows as scikit-learn's for the same seed.
struct StratifiedKFold {
    /// The fold each row is tested in.
    let testFold: [Int]
    let foldCount: Int

    /// Folds `labels` (class indices below `classCount`) into `foldCount` folds.
    init(labels: [Int], classCount: Int, foldCount: Int, seed: UInt64) {
        self.foldCount = foldCount
        var generator = SeededGenerator(seed: seed)
        let sorted = labels.sorted()
        var allocation = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: foldCount)
        for (position, label) in sorted.enumerated() { allocation[position % foldCount][label] += 1 }
        var folds = [Int](repeating: 0, count: labels.count)
        for label in 0..<classCount {
            var foldsForClass = (0..<foldCount).flatMap { fold in [Int](repeating: fold, count: allocation[fold][label]) }
            generator.shuffle(&foldsForClass)
            for (row, fold) in zip(labels.indices.filter { labels[$0] == label }, foldsForClass) { folds[row] = fold }
        }
        testFold = folds
    }

    /// The rows fold `fold` tests on, and the rows the others train on.
    func split(_ fold: Int) -> (train: [Int], test: [Int]) {
        (testFold.indices.filter { testFold[$0] != fold }, testFold.indices.filter { testFold[$0] == fold })
    }
}
