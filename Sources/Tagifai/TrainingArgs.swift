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

    // The keys below go beyond the lesson. Each is written to `args.json` only when it differs
    // from its default, so the lesson's recipe keeps its `args.json` byte for byte.

    /// `"char_ngrams"` (the linear tier: TF-IDF n-grams into `model.bin`) or `"minilm"` (the
    /// transformer tier: all-MiniLM-L6-v2 sentence embeddings of the raw text, title + " " +
    /// description, under a `logistic_regression` head; trained by `tagifai train` with `--minilm`).
    public var features = Features.charNgrams.rawValue
    /// The longest word n-gram (words of two or more characters), unioned with the char n-grams;
    /// 0 uses char n-grams alone (the lesson).
    public var wordNgramMaxRange = 0
    /// Replace a term count `tf` by `1 + ln(tf)` (scikit-learn's `sublinear_tf`).
    public var sublinearTF = false
    /// Keep only n-grams found in at least this many training texts.
    public var minDF = 1
    /// `"sgd"` (the lesson's softmax SGD on oversampled classes), `"logistic_regression"`
    /// (multinomial, L-BFGS to convergence) or `"linear_svm"` (one-vs-rest squared hinge, dual
    /// coordinate descent as LIBLINEAR).
    public var classifier = Classifier.sgd.rawValue
    /// The inverse L2 strength of `logistic_regression` and `linear_svm` (scikit-learn's `C`).
    public var c = 1.0
    /// `"balanced"` weighs each class by n / (classes * its count) in `logistic_regression` and
    /// `linear_svm`; null weighs every row alike.
    public var classWeight: String? = nil
    /// The most iterations of L-BFGS or passes of coordinate descent.
    public var maxIter = 1000
    /// The stopping tolerance of L-BFGS (largest gradient entry) and coordinate descent
    /// (projected gradient spread).
    public var tol = 1e-4
    /// `"split"`: the lesson's 70/15/15 split, the model trained on 70%; `"cv"`: stratified
    /// `cv_folds`-fold cross-validation for the scores and the threshold, then one model
    /// refitted on every row.
    public var evaluation = Evaluation.split.rawValue
    /// The number of folds when `evaluation` is `"cv"`.
    public var cvFolds = 5

    /// The classifiers `classifier` names.
    public enum Classifier: String, CaseIterable, Sendable {
        case sgd
        case logisticRegression = "logistic_regression"
        case linearSVM = "linear_svm"
    }

    /// The features `features` names.
    public enum Features: String, CaseIterable, Sendable {
        case charNgrams = "char_ngrams"
        case minilm
    }

    /// Whether the recipe is the transformer tier's (`features: "minilm"`).
    public var usesMiniLM: Bool { features == Features.minilm.rawValue }

    /// How a model is scored and what it is trained on (`evaluation`).
    public enum Evaluation: String, CaseIterable, Sendable {
        case split, cv
    }

    /// The recipe's defaults.
    public init() {}
}
