import SystemPackage

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

    /// Parses YAML text with `YAMLReader`; `path` only labels errors and sources.
    package static func parse(yaml: String, path: String) throws(ConfigError) -> ConfigFile {
        let root: YAMLNode?
        do {
            root = try YAMLReader.read(yaml)
        } catch {
            throw .syntax(path: path, line: error.line, column: error.column, problem: error.problem)
        }
        let pairs: [YAMLPair]
        switch root {
        case nil: pairs = []
        case .scalar(let scalar)? where scalar.isNull: pairs = []
        case .mapping(let mapping)?: pairs = mapping
        default: throw .notAMapping(path: path)
        }
        var keys: Set<String> = []
        var entries: [Entry] = []
        for pair in pairs {
            guard keys.insert(pair.key).inserted else { throw .duplicateKey(path: path, key: pair.key) }
            entries.append(Entry(key: pair.key, input: rawInput(pair.value), line: pair.line))
        }
        return ConfigFile(path: path, entries: entries)
    }

    private static func rawInput(_ node: YAMLNode) -> RawInput {
        switch node {
        case .scalar(let scalar):
            return scalar.isNull ? .null : .scalar(scalar.text)
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { return .nested }
                items.append(scalar.text)
            }
            return .list(items)
        case .mapping:
            return .nested
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
