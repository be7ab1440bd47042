import SystemPackage
import Yams

/// The keys of one YAML config file with their raw values and line numbers, not yet validated.
package struct ConfigFile: Sendable {
    /// One `key: value` line.
    package struct Entry: Sendable, Equatable {
        package var key: String
        package var input: RawInput
        package var line: Int
    }

    package let path: String
    package let entries: [Entry]

    /// Reads and parses the file at `path`; `namedBy` says who named it, for the not-found message.
    package static func read(path: String, namedBy: String) throws(ConfigError) -> ConfigFile {
        let text: String
        do {
            let descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
            text = try descriptor.closeAfter { try readAll(descriptor, path: path) }
        } catch Errno.noSuchFileOrDirectory {
            throw .fileNotFound(path: path, namedBy: namedBy)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .unreadableFile(path: path, reason: String(describing: error))
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses YAML text; `path` only labels errors and sources.
    package static func parse(yaml: String, path: String) throws(ConfigError) -> ConfigFile {
        if let (line, column) = aliasBeyondLimit(in: yaml) {
            throw .syntax(
                path: path, line: line, column: column,
                problem: "more than \(maximumAliases) aliases (*name), which could expand without bound; a config needs none: write each value out")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, path: path)
        } catch {
            throw .syntax(path: path, line: nil, column: nil, problem: String(describing: error))
        }
        guard let root, root.null == nil else { return ConfigFile(path: path, entries: []) }
        guard case .mapping(let mapping) = root else { throw .notAMapping(path: path) }
        var entries: [Entry] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode else { throw .notAMapping(path: path) }
            if entries.contains(where: { $0.key == key.string }) { throw .duplicateKey(path: path, key: key.string) }
            entries.append(Entry(key: key.string, input: rawInput(valueNode), line: keyNode.mark?.line ?? 0))
        }
        return ConfigFile(path: path, entries: entries)
    }

    private static func rawInput(_ node: Node) -> RawInput {
        switch node {
        case .scalar(let scalar):
            return node.null != nil ? .null : .scalar(scalar.string)
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { return .nested }
                items.append(scalar.string)
            }
            return .list(items)
        case .mapping, .alias:
            return .nested
        }
    }

    private static func syntaxError(_ error: YamlError, path: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .syntax(path: path, line: mark.line, column: mark.column, problem: detail)
        case .duplicatedKeysInMapping(let duplicates, _):
            return .duplicateKey(path: path, key: duplicates.joined(separator: ", "))
        default:
            return .syntax(path: path, line: nil, column: nil, problem: String(describing: error))
        }
    }

    /// The file's text, refused when it is longer than `maximumBytes`.
    private static func readAll(_ descriptor: FileDescriptor, path: String) throws -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= maximumBytes else { throw ConfigError.fileTooLarge(path: path, limit: maximumBytes) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
