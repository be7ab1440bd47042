import FoundationEssentials

extension Trainer {
    /// The rows a recipe trains on, their classes and their padded cleaned texts.
    struct Prepared {
        var rows: [ProjectRecord]
        var classes: [String]
        var labels: [Int]
        var padded: [[UInt8]]
    }

    /// Takes `subset`, maps rare tags to `other` and cleans the texts; shuffles first when
    /// `shuffled` (the lesson's split does, cross-validation keeps the file's order).
    static func prepare(
        _ records: [ProjectRecord], args: TrainingArgs, shuffled: Bool, generator: inout SeededGenerator
    ) throws(TrainingError) -> Prepared {
        let problems = args.problems
        guard problems.isEmpty else { throw .invalidArgs(problems) }
        var rows = records
        if shuffled { generator.shuffle(&rows) }
        if let subset = args.subset { rows = Array(rows.prefix(subset)) }
        let classes = Tagging.classes(of: rows.map(\.tag), minFreq: args.minFreq)
        guard classes.count >= 2 else {
            throw .notEnoughData("no tag has min_freq (\(args.minFreq)) examples, so every row would be \"other\"")
        }
        let cleaner = TextCleaner(lower: args.lower)
        return Prepared(
            rows: rows, classes: classes, labels: rows.map { Tagging.index(of: $0.tag, in: classes) },
            padded: rows.map { cleaner.paddedWords($0.text) })
    }

    /// Fits the vocabulary and the recipe's classifier on the rows `train` of `data` and encodes
    /// them as a `model.bin` scorer. `validation` rows only feed `progress` (sgd's epoch losses).
    static func fitScorer(
        _ data: Prepared, train: [Int], validation: [Int] = [], args: TrainingArgs, generator: inout SeededGenerator,
        progress: ((EpochProgress) -> Void)? = nil
    ) throws(TrainingError) -> LinearScorer {
        let settings = TfidfVocabulary.Settings(
            charMaxLength: args.ngramMaxRange, wordMaxLength: args.wordNgramMaxRange, sublinearTF: args.sublinearTF,
            minDF: args.minDF)
        let vocabulary = try TfidfVocabulary(documents: train.map { data.padded[$0] }, settings: settings)
        let classCount = data.classes.count
        let (weights, bias): ([[Double]], [Double])
        switch TrainingArgs.Classifier(rawValue: args.classifier)! {
        case .sgd:
            let oversampled = oversample(train, labels: data.labels, classCount: classCount, generator: &generator)
            let classifier = fit(
                oversampled.map { vocabulary.vector(data.padded[$0]) }, oversampled.map { data.labels[$0] },
                validation: (validation.map { vocabulary.vector(data.padded[$0]) }, validation.map { data.labels[$0] }),
                classCount: classCount, featureCount: vocabulary.count, args: args, generator: &generator,
                progress: progress)
            (weights, bias) = (classifier.weights, classifier.bias)
        case .logisticRegression:
            let labels = train.map { data.labels[$0] }
            let classWeights = classWeights(labels, classCount: classCount, args: args)
            let classifier = LogisticRegression(
                train.map { vocabulary.vector(data.padded[$0]) }, labels, sampleWeights: labels.map { classWeights[$0] },
                classCount: classCount, featureCount: vocabulary.count, c: args.c, tolerance: args.tol,
                maxIterations: args.maxIter)
            (weights, bias) = (classifier.weights, classifier.bias)
        case .linearSVM:
            let labels = train.map { data.labels[$0] }
            let classifier = LinearSVM(
                train.map { vocabulary.vector(data.padded[$0]) }, labels,
                classWeights: classWeights(labels, classCount: classCount, args: args), classCount: classCount,
                featureCount: vocabulary.count, c: args.c, tolerance: args.tol, maxPasses: args.maxIter,
                generator: &generator)
            (weights, bias) = (classifier.weights, classifier.bias)
        }
        let header = ModelFile.Header(
            classCount: classCount, featureCount: vocabulary.count,
            tableCapacity: ModelFile.tableCapacity(featureCount: vocabulary.count), ngramMaxLength: args.ngramMaxRange,
            lower: args.lower, wordNgramMaxLength: args.wordNgramMaxRange, wordFeatureCount: vocabulary.wordCount,
            sublinearTF: args.sublinearTF)
        let bytes = ModelFile.encode(
            hashes: vocabulary.hashes, idf: vocabulary.idf.map { Float($0) },
            weights: weights.map { $0.map { Float($0) } }, bias: bias.map { Float($0) }, header: header)
        do {
            return try LinearScorer(bytes: ModelBytes(copying: bytes), file: ModelFile.fileName)
        } catch {
            preconditionFailure("a freshly encoded model failed its own header check: \(error)")
        }
    }

    /// Each class's weight: 1, or with `class_weight: "balanced"` n / (classes * its count), as
    /// scikit-learn's `compute_class_weight("balanced")`.
    static func classWeights(_ labels: [Int], classCount: Int, args: TrainingArgs) -> [Double] {
        guard args.classWeight == "balanced" else { return [Double](repeating: 1, count: classCount) }
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts.map { $0 == 0 ? 1 : Double(labels.count) / Double(classCount * $0) }
    }
}
