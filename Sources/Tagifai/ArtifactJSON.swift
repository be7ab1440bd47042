import FoundationEssentials
import Glibc
import SystemSupport

/// Reads and writes the JSON and binary files of a model folder, turning failures into `ArtifactError`.
enum ArtifactJSON {
    static func read<Value: Decodable>(_ type: Value.Type, _ url: URL) throws(ArtifactError) -> Value {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { throw .missing(file: url.path) }
            throw .unreadable(file: url.path, reason: systemReason(of: error))
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .malformed(file: url.path, reason: summary(of: error))
        }
    }

    /// A one-line account of a decoding failure: which key, and what was wrong with it.
    static func summary(of error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the top level" : "\"" + keys.map(\.stringValue).joined(separator: ".") + "\""
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "key \(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context)?, .valueNotFound(let type, let context)?:
            return "\(path(context.codingPath)) should be \(type)"
        case .dataCorrupted(let context)?:
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    static func write<Value: Encodable>(_ value: Value, _ url: URL) throws(ArtifactError) {
        do {
            try write(OrderedJSONEncoder().encode(value) + Data("\n".utf8), url)
        } catch let error as ArtifactError {
            throw error
        } catch {
            throw .cannotWrite(file: url.path, reason: "\(error)")
        }
    }

    static func write(_ data: Data, _ url: URL) throws(ArtifactError) {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw .cannotWrite(file: url.path, reason: systemReason(of: error))
        }
    }
}
