import Foundation
import NIOCore
import Tagifai

extension TagifaiAPI {
    /// The API over a loaded `model`; every document it serves is encoded here, once.
    ///
    /// - Throws: `TagifaiAPIError` when the model's performance or arguments cannot be written as JSON.
    public init(model: TagifaiModel, settings: APISettings = APISettings()) throws(TagifaiAPIError) {
        let keyOrder = Self.lessonKeyOrder + TrainingArgs.keyNames
        let served = ServedModel(
            performance: try Self.json(model.performance, named: "performance", keyOrder: keyOrder),
            args: try Self.json(model.args, named: "args", keyOrder: keyOrder),
            classes: model.classes,
            predict: { texts in model.predict(texts) })
        self.init(model: served, settings: settings)
    }

    /// The key order of the lesson's `performance.json`; names not listed (classes, slices) stay sorted.
    private static let lessonKeyOrder = ["overall", "class", "slices", "precision", "recall", "f1", "num_samples"]

    /// `value` as a `JSONValue` whose object members follow `keyOrder`.
    ///
    /// Foundation's `JSONEncoder` does not keep the order a type encodes its keys in, so the
    /// document is encoded with sorted keys and put back in the lesson's order here.
    private static func json(
        _ value: some Encodable, named name: String, keyOrder: [String]
    ) throws(TagifaiAPIError) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(value)
            return try JSONReader().read(ByteBuffer(bytes: data)).ordered(by: keyOrder)
        } catch {
            throw .unencodable(document: name, reason: "\(error)")
        }
    }
}

/// Why the API could not be built over a model.
public enum TagifaiAPIError: Error, CustomStringConvertible, Equatable {
    /// A model document holds a value JSON cannot carry, such as NaN.
    case unencodable(document: String, reason: String)

    public var description: String {
        switch self {
        case .unencodable(let document, let reason):
            return "the model's \(document) cannot be served as JSON (\(reason)); retrain or fix the model's \(document).json"
        }
    }
}
