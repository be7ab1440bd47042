extension TrainingArgs {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case shuffle, subset
        case minFreq = "min_freq"
        case lower, stem, analyzer
        case ngramMaxRange = "ngram_max_range"
        case wordNgramMaxRange = "word_ngram_max_range"
        case sublinearTF = "sublinear_tf"
        case minDF = "min_df"
        case classifier
        case c = "C"
        case classWeight = "class_weight"
        case maxIter = "max_iter"
        case tol
        case alpha
        case learningRate = "learning_rate"
        case powerT = "power_t"
        case numEpochs = "num_epochs"
        case seed
        case evaluation
        case cvFolds = "cv_folds"
        case thresholdQuantile = "threshold_quantile"
        case threshold
    }

    /// The JSON keys of `args.json`, in order.
    public static var keyNames: [String] { CodingKeys.allCases.map(\.stringValue) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingArgs()
        func value<Value: Decodable>(_ key: CodingKeys, _ fallback: Value) throws -> Value {
            try container.decodeIfPresent(Value.self, forKey: key) ?? fallback
        }
        self.init()
        shuffle = try value(.shuffle, defaults.shuffle)
        subset = try container.decodeIfPresent(Int.self, forKey: .subset)
        minFreq = try value(.minFreq, defaults.minFreq)
        lower = try value(.lower, defaults.lower)
        stem = try value(.stem, defaults.stem)
        analyzer = try value(.analyzer, defaults.analyzer)
        ngramMaxRange = try value(.ngramMaxRange, defaults.ngramMaxRange)
        wordNgramMaxRange = try value(.wordNgramMaxRange, defaults.wordNgramMaxRange)
        sublinearTF = try value(.sublinearTF, defaults.sublinearTF)
        minDF = try value(.minDF, defaults.minDF)
        classifier = try value(.classifier, defaults.classifier)
        c = try value(.c, defaults.c)
        classWeight = try container.decodeIfPresent(String.self, forKey: .classWeight)
        maxIter = try value(.maxIter, defaults.maxIter)
        tol = try value(.tol, defaults.tol)
        alpha = try value(.alpha, defaults.alpha)
        learningRate = try value(.learningRate, defaults.learningRate)
        powerT = try value(.powerT, defaults.powerT)
        numEpochs = try value(.numEpochs, defaults.numEpochs)
        seed = try value(.seed, defaults.seed)
        evaluation = try value(.evaluation, defaults.evaluation)
        cvFolds = try value(.cvFolds, defaults.cvFolds)
        thresholdQuantile = try container.decodeIfPresent(Double.self, forKey: .thresholdQuantile)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
    }

    /// Writes the lesson's keys always and the others only when they differ from their defaults,
    /// so the lesson's recipe encodes exactly as it always has.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingArgs()
        func changed<Value: Encodable & Equatable>(_ value: Value, _ fallback: Value, _ key: CodingKeys) throws {
            if value != fallback { try container.encode(value, forKey: key) }
        }
        try container.encode(shuffle, forKey: .shuffle)
        try container.encode(subset, forKey: .subset)
        try container.encode(minFreq, forKey: .minFreq)
        try container.encode(lower, forKey: .lower)
        try container.encode(stem, forKey: .stem)
        try container.encode(analyzer, forKey: .analyzer)
        try container.encode(ngramMaxRange, forKey: .ngramMaxRange)
        try changed(wordNgramMaxRange, defaults.wordNgramMaxRange, .wordNgramMaxRange)
        try changed(sublinearTF, defaults.sublinearTF, .sublinearTF)
        try changed(minDF, defaults.minDF, .minDF)
        try changed(classifier, defaults.classifier, .classifier)
        try changed(c, defaults.c, .c)
        try changed(classWeight, defaults.classWeight, .classWeight)
        try changed(maxIter, defaults.maxIter, .maxIter)
        try changed(tol, defaults.tol, .tol)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(powerT, forKey: .powerT)
        try container.encode(numEpochs, forKey: .numEpochs)
        try container.encode(seed, forKey: .seed)
        try changed(evaluation, defaults.evaluation, .evaluation)
        try changed(cvFolds, defaults.cvFolds, .cvFolds)
        try container.encode(thresholdQuantile, forKey: .thresholdQuantile)
        try container.encode(threshold, forKey: .threshold)
    }

    /// The problems of the keys beyond the lesson's.
    var extendedProblems: [String] {
        var problems: [String] = []
        if !(0...ModelFile.maxWordNgramLength).contains(wordNgramMaxRange) {
            problems.append(
                "word_ngram_max_range must be between 0 (no word n-grams) and \(ModelFile.maxWordNgramLength) "
                    + "(got \(wordNgramMaxRange))")
        }
        if minDF < 1 { problems.append("min_df must be at least 1 (got \(minDF))") }
        let classifiers = Classifier.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        if Classifier(rawValue: classifier) == nil {
            problems.append("classifier must be one of \(classifiers) (got \"\(classifier)\")")
        }
        if !(c > 0 && c.isFinite) { problems.append("C must be a finite number > 0 (got \(c))") }
        if let classWeight, classWeight != "balanced" {
            problems.append("class_weight must be \"balanced\" or null (got \"\(classWeight)\")")
        }
        if classWeight != nil && classifier == Classifier.sgd.rawValue {
            problems.append("class_weight applies to logistic_regression and linear_svm; sgd oversamples every class instead")
        }
        if maxIter < 1 { problems.append("max_iter must be at least 1 (got \(maxIter))") }
        if !(tol > 0 && tol.isFinite) { problems.append("tol must be a finite number > 0 (got \(tol))") }
        if Evaluation(rawValue: evaluation) == nil {
            problems.append("evaluation must be \"split\" or \"cv\" (got \"\(evaluation)\")")
        }
        if cvFolds < 2 { problems.append("cv_folds must be at least 2 (got \(cvFolds))") }
        return problems
    }
}
