import FoundationEssentials
import Tagifai

/// Pretty JSON for command output, keys in the order the lesson shows them.
enum JSONOutput {
    static func string<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try OrderedJSONEncoder().encode(value), as: UTF8.self)
    }
}
