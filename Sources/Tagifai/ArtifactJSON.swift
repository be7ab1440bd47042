import Foundation

/// Reads and writes the JSON and binary files of a model folder, turning failures into `ArtifactError`.
enum ArtifactJSON {
    static func read<Value: Decodable>(_ type: Value.Type, _ url: URL) throws(ArtifactError) -> Value {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { throw .missing(file: url.path) }
            throw .unreadable(file: url.path, reason: "\(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw .malformed(file: url.path, reason: "\(error)")
        }
    }

    static func write<Value: Encodable>(_ value: Value, _ url: URL) throws(ArtifactError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try write(encoder.encode(value) + Data("\n".utf8), url)
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
            throw .cannotWrite(file: url.path, reason: error.localizedDescription)
        }
    }
}
