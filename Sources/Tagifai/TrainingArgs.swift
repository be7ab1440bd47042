/// The training arguments of the lesson's recipe, how to choose the threshold, and the fitted
/// `threshold`: `args.json`.
///
/// Encodes to the `args.json` object in the lesson's key order; decoding fills absent keys with
/// the defaults, so an `--args` file need only name what it changes.
public struct TrainingArgs: Codable, Sendable, Equatable {
    /// Shuffle the rows before taking `subset` and splitting.
    public var shuffle = true
    /// Train on the first `subset` rows only (nil: all rows).
    public var subset: Int? = nil
    /// A tag with fewer examples than this becomes `other`.
    public var minFreq = 50
    /// Lowercase text before cleaning.
    public var lower = true
    /// Stem words (not supported: must be false).
    public var stem = false
    /// The n-gram analyser (only `char_wb`).
    public var analyzer = "char_wb"
    /// The longest character n-gram (the shortest is 2).
    public var ngramMaxRange = 8
    /// The L2 regularisation strength.
    public var alpha = 1e-4
    /// The initial SGD step size.
    public var learningRate = 0.1
    /// The exponent of the inverse-scaling step: `learning_rate / (epoch + 1) ^ power_t`.
    public var powerT = 0.1
    /// Passes over the oversampled training set.
    public var numEpochs = 100
    /// The seed of every random choice (shuffle, split, oversampling, SGD order).
    public var seed: UInt64 = 1234
    /// How training chooses `threshold`: nil tunes it for the best weighted F1 on the validation
    /// split; a number in 0...1 takes that quantile of the winning probability on validation
    /// (0.25 is the lesson's rule).
    public var thresholdQuantile: Double? = nil
    /// The winning probability at or below which a text is tagged `other`; set by training.
    public var threshold: Double? = nil

    /// The recipe's defaults.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case shuffle, subset
        case minFreq = "min_freq"
        case lower, stem, analyzer
        case ngramMaxRange = "ngram_max_range"
        case alpha
        case learningRate = "learning_rate"
        case powerT = "power_t"
        case numEpochs = "num_epochs"
        case seed
        case thresholdQuantile = "threshold_quantile"
        case threshold
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingArgs()
        shuffle = try container.decodeIfPresent(Bool.self, forKey: .shuffle) ?? defaults.shuffle
        subset = try container.decodeIfPresent(Int.self, forKey: .subset)
        minFreq = try container.decodeIfPresent(Int.self, forKey: .minFreq) ?? defaults.minFreq
        lower = try container.decodeIfPresent(Bool.self, forKey: .lower) ?? defaults.lower
        stem = try container.decodeIfPresent(Bool.self, forKey: .stem) ?? defaults.stem
        analyzer = try container.decodeIfPresent(String.self, forKey: .analyzer) ?? defaults.analyzer
        ngramMaxRange = try container.decodeIfPresent(Int.self, forKey: .ngramMaxRange) ?? defaults.ngramMaxRange
        alpha = try container.decodeIfPresent(Double.self, forKey: .alpha) ?? defaults.alpha
        learningRate = try container.decodeIfPresent(Double.self, forKey: .learningRate) ?? defaults.learningRate
        powerT = try container.decodeIfPresent(Double.self, forKey: .powerT) ?? defaults.powerT
        numEpochs = try container.decodeIfPresent(Int.self, forKey: .numEpochs) ?? defaults.numEpochs
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        thresholdQuantile = try container.decodeIfPresent(Double.self, forKey: .thresholdQuantile)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shuffle, forKey: .shuffle)
        try container.encode(subset, forKey: .subset)
        try container.encode(minFreq, forKey: .minFreq)
        try container.encode(lower, forKey: .lower)
        try container.encode(stem, forKey: .stem)
        try container.encode(analyzer, forKey: .analyzer)
        try container.encode(ngramMaxRange, forKey: .ngramMaxRange)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(powerT, forKey: .powerT)
        try container.encode(numEpochs, forKey: .numEpochs)
        try container.encode(seed, forKey: .seed)
        try container.encode(thresholdQuantile, forKey: .thresholdQuantile)
        try container.encode(threshold, forKey: .threshold)
    }

    /// The JSON keys of `args.json`, in order.
    public static var keyNames: [String] { CodingKeys.allCases.map(\.stringValue) }

    /// The problems that make these arguments untrainable, each naming the key and what is allowed.
    public var problems: [String] {
        var problems: [String] = []
        if let subset, subset < 2 { problems.append("subset must be at least 2 rows or null (got \(subset))") }
        if minFreq < 1 { problems.append("min_freq must be at least 1 (got \(minFreq))") }
        if stem { problems.append("stem: stemming is not supported; set it to false") }
        if analyzer != "char_wb" { problems.append("analyzer must be \"char_wb\" (got \"\(analyzer)\")") }
        if !(2...16).contains(ngramMaxRange) {
            problems.append("ngram_max_range must be between 2 and 16 (got \(ngramMaxRange))")
        }
        if !(alpha >= 0 && alpha.isFinite) { problems.append("alpha must be a finite number >= 0 (got \(alpha))") }
        if !(learningRate > 0 && learningRate.isFinite) {
            problems.append("learning_rate must be a finite number > 0 (got \(learningRate))")
        }
        if !(powerT >= 0 && powerT.isFinite) { problems.append("power_t must be a finite number >= 0 (got \(powerT))") }
        if numEpochs < 1 { problems.append("num_epochs must be at least 1 (got \(numEpochs))") }
        if let thresholdQuantile, !(0...1).contains(thresholdQuantile) {
            problems.append(
                "threshold_quantile must be a number from 0 to 1 (0.25 is the lesson's first quartile) or null "
                    + "to tune the threshold on the validation split (got \(thresholdQuantile))")
        }
        return problems
    }
}
