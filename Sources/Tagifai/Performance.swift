/// A model's scores on a labelled set: `performance.json`.
///
/// `overall` is weighted by class support; `class` holds each class's own scores; `slices` holds
/// micro-averaged scores on the recipe's data slices that had samples.
public struct Performance: Codable, Sendable, Equatable {
    /// Precision, recall, F1 and how many samples they were measured on.
    public struct Metrics: Codable, Sendable, Equatable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var numSamples: Int

        public init(precision: Double, recall: Double, f1: Double, numSamples: Int) {
            self.precision = precision
            self.recall = recall
            self.f1 = f1
            self.numSamples = numSamples
        }

        enum CodingKeys: String, CodingKey {
            case precision, recall, f1
            case numSamples = "num_samples"
        }
    }

    /// The tier the scores are of when it is not the linear one (`"minilm"`), written first so
    /// `/performance` says which tier is served; absent for the linear tier, whose file keeps its bytes.
    public var tier: String? = nil
    public var overall: Metrics
    /// Scores per class name (the `class` key of the JSON).
    public var perClass: [String: Metrics]
    /// Scores per slice name (`short_text`, `nlp_cnn`).
    public var slices: [String: Metrics]
    /// How the scores were measured when they come from cross-validation (the
    /// `cross_validation` key, absent for the lesson's test split).
    public var crossValidation: CrossValidationSummary? = nil

    /// No scores: the placeholder of a model before it is evaluated.
    static let empty = Performance(overall: .init(precision: 0, recall: 0, f1: 0, numSamples: 0), perClass: [:], slices: [:])

    public init(overall: Metrics, perClass: [String: Metrics], slices: [String: Metrics]) {
        self.overall = overall
        self.perClass = perClass
        self.slices = slices
    }

    enum CodingKeys: String, CodingKey {
        case tier, overall
        case perClass = "class"
        case slices
        case crossValidation = "cross_validation"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tier = try container.decodeIfPresent(String.self, forKey: .tier)
        overall = try container.decode(Metrics.self, forKey: .overall)
        perClass = try container.decode([String: Metrics].self, forKey: .perClass)
        slices = try container.decodeIfPresent([String: Metrics].self, forKey: .slices) ?? [:]
        crossValidation = try container.decodeIfPresent(CrossValidationSummary.self, forKey: .crossValidation)
    }

    /// Encodes with class and slice names in sorted order, so the same scores give the same JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(tier, forKey: .tier)
        try container.encode(overall, forKey: .overall)
        try Self.encodeSorted(perClass, in: container.nestedContainer(keyedBy: NameKey.self, forKey: .perClass))
        try Self.encodeSorted(slices, in: container.nestedContainer(keyedBy: NameKey.self, forKey: .slices))
        try container.encodeIfPresent(crossValidation, forKey: .crossValidation)
    }

    private static func encodeSorted(
        _ metrics: [String: Metrics], in container: KeyedEncodingContainer<NameKey>
    ) throws {
        var container = container
        for name in metrics.keys.sorted() { try container.encode(metrics[name], forKey: NameKey(name)) }
    }
}
