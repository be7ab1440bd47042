import ArgumentParser
import FoundationEssentials
import Prefork
import SystemSupport
import Tagifai

/// Reads an `--args` JSON file, rejecting keys that are not training arguments and values out of range.
enum TrainingArgsFile {
    static func read(_ path: String) throws -> TrainingArgs {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("args file \(path) cannot be read: \(systemReason(of: error))")
        }
        guard let object = JSONValue(parsing: data)?.object else {
            throw ValidationError("args file \(path) is not a JSON object like models/tagifai/args.json")
        }
        let known = Set(TrainingArgs.keyNames)
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ValidationError(
                "args file \(path): unknown key \"\(unknown)\" (known keys: \(TrainingArgs.keyNames.joined(separator: ", ")))")
        }
        let args: TrainingArgs
        do {
            args = try JSONDecoder().decode(TrainingArgs.self, from: data)
        } catch let DecodingError.typeMismatch(type, context) {
            throw ValidationError(
                "args file \(path): \(context.codingPath.map(\.stringValue).joined(separator: ".")) must be \(type)")
        } catch {
            throw ValidationError("args file \(path): \(error)")
        }
        // Values out of range are a usage error too, found before any data is read.
        let problems = args.problems
        guard problems.isEmpty else { throw ValidationError("args file \(path): \(problems.joined(separator: "; "))") }
        return args
    }
}
