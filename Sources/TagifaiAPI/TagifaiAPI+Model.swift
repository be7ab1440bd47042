import FoundationEssentials
import NIOCore
import Tagifai

extension TagifaiAPI {
    /// The API over a loaded `model`; every document it serves is encoded here, once.
    ///
    /// - Throws: `TagifaiAPIError` when the model's performance or arguments cannot be written as JSON.
    public init(model: any TextTagger, settings: APISettings = APISettings()) throws(TagifaiAPIError) {
        let served = ServedModel(
            performance: try Self.json(model.performance, named: "performance"),
            args: try Self.json(model.args, named: "args"),
            classes: model.classes,
            predict: { texts in model.tags(for: texts) },
            // The transformer tier spends milliseconds of CPU per text: off the event loops.
            isCostly: model.args.usesMiniLM)
        self.init(model: served, settings: settings)
    }

    /// `value` as a `JSONValue` with its members in the lesson's order, as the model's own files have them.
    ///
    /// The model's documents are written by the encoder of its files (`OrderedJSONEncoder`, so the
    /// served text is what `performance.json` and `args.json` hold) and read back once per worker
    /// start, rather than through a second `Encoder` that builds a `JSONValue`: reading the 1.3 KB
    /// back took 0.56 ms in a debug build, once, against the model load of the same start.
    private static func json(_ value: some Encodable, named name: String) throws(TagifaiAPIError) -> JSONValue {
        do {
            return try JSONReader().read(ByteBuffer(bytes: OrderedJSONEncoder().encode(value)))
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
