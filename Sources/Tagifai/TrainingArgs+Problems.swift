extension TrainingArgs {
    /// The problems that make these arguments untrainable, each naming the key and what is allowed.
    public var problems: [String] {
        var problems: [String] = []
        if let subset, subset < 2 { problems.append("subset must be at least 2 rows or null (got \(subset))") }
        if minFreq < 1 { problems.append("min_freq must be at least 1 (got \(minFreq))") }
        if stem { problems.append("stem: stemming is not supported; set it to false") }
        if analyzer != "char_wb" { problems.append("analyzer must be \"char_wb\" (got \"\(analyzer)\")") }
        if !(2...ModelFile.maxNgramLength).contains(ngramMaxRange) {
            problems.append("ngram_max_range must be between 2 and 16 (got \(ngramMaxRange))")
        }
        if !(alpha >= 0 && alpha.isFinite) { problems.append("alpha must be a finite number >= 0 (got \(alpha))") }
        if !(learningRate > 0 && learningRate.isFinite) {
            problems.append("learning_rate must be a finite number > 0 (got \(learningRate))")
        }
        if !(powerT >= 0 && powerT.isFinite) { problems.append("power_t must be a finite number >= 0 (got \(powerT))") }
        if numEpochs < 1 { problems.append("num_epochs must be at least 1 (got \(numEpochs))") }
        problems += extendedProblems
        if let thresholdQuantile, !(0...1).contains(thresholdQuantile) {
            problems.append(
                "threshold_quantile must be a number from 0 to 1 (0.25 is the lesson's first quartile) or null "
                    + "to tune the threshold on the validation split (got \(thresholdQuantile))")
        }
        return problems
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
        let features = Features.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        if Features(rawValue: self.features) == nil {
            problems.append("features must be one of \(features) (got \"\(self.features)\")")
        }
        if usesMiniLM && classifier != Classifier.logisticRegression.rawValue {
            problems.append(
                "features \"minilm\" trains a logistic regression head: set classifier to \"logistic_regression\" "
                    + "(got \"\(classifier)\")")
        }
        if usesMiniLM && evaluation != Evaluation.cv.rawValue {
            problems.append("features \"minilm\" is scored by cross-validation: set evaluation to \"cv\" (got \"\(evaluation)\")")
        }
        return problems
    }
}
