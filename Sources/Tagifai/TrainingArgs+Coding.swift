extension TrainingArgs {
    /// One key of `args.json`: its name, the property it fills, and whether it is always written.
    struct Field: Sendable {
        let name: String
        let decode: @Sendable (KeyedDecodingContainer<Key>, inout TrainingArgs) throws -> Void
        let encode: @Sendable (TrainingArgs, inout KeyedEncodingContainer<Key>) throws -> Void

        /// A key read when present (else the default stays) and written always when `lesson` (the
        /// lesson's keys), otherwise only when it differs from its default.
        static func key<Value: Codable & Equatable & Sendable>(
            _ name: String, _ path: WritableKeyPath<TrainingArgs, Value> & Sendable, lesson: Bool
        ) -> Field {
            Field(
                name: name,
                decode: { container, args in
                    if let value = try container.decodeIfPresent(Value.self, forKey: Key(name)) { args[keyPath: path] = value }
                },
                encode: { args, container in
                    let value = args[keyPath: path]
                    if lesson || value != TrainingArgs()[keyPath: path] { try container.encode(value, forKey: Key(name)) }
                })
        }
    }

    /// The keys of `args.json`, in the lesson's order with the later keys where they belong.
    static let fields: [Field] = [
        .key("shuffle", \.shuffle, lesson: true),
        .key("subset", \.subset, lesson: true),
        .key("min_freq", \.minFreq, lesson: true),
        .key("lower", \.lower, lesson: true),
        .key("stem", \.stem, lesson: true),
        .key("analyzer", \.analyzer, lesson: true),
        .key("ngram_max_range", \.ngramMaxRange, lesson: true),
        .key("features", \.features, lesson: false),
        .key("word_ngram_max_range", \.wordNgramMaxRange, lesson: false),
        .key("sublinear_tf", \.sublinearTF, lesson: false),
        .key("min_df", \.minDF, lesson: false),
        .key("classifier", \.classifier, lesson: false),
        .key("C", \.c, lesson: false),
        .key("class_weight", \.classWeight, lesson: false),
        .key("max_iter", \.maxIter, lesson: false),
        .key("tol", \.tol, lesson: false),
        .key("alpha", \.alpha, lesson: true),
        .key("learning_rate", \.learningRate, lesson: true),
        .key("power_t", \.powerT, lesson: true),
        .key("num_epochs", \.numEpochs, lesson: true),
        .key("seed", \.seed, lesson: true),
        .key("evaluation", \.evaluation, lesson: false),
        .key("cv_folds", \.cvFolds, lesson: false),
        .key("threshold_quantile", \.thresholdQuantile, lesson: true),
        .key("threshold", \.threshold, lesson: true),
    ]

    /// A key of `args.json` by name.
    struct Key: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// The JSON keys of `args.json`, in order.
    public static var keyNames: [String] { fields.map(\.name) }

    /// Fills the keys present and keeps the defaults of the others, so an `--args` file need only
    /// name what it changes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.init()
        for field in Self.fields { try field.decode(container, &self) }
    }

    /// Writes the lesson's keys always and the others only when they differ from their defaults,
    /// so the lesson's recipe encodes exactly as it always has.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for field in Self.fields { try field.encode(self, &container) }
    }
}
