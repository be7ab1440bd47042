import FoundationEssentials

/// Encodes a value as pretty-printed JSON with object keys in the order `encode(to:)` wrote them.
///
/// Foundation's `JSONEncoder` on Linux orders keys by hash (or sorts them); the model's files and
/// the `/args` and `/performance` answers keep the lesson's key order, so they use this instead.
public struct OrderedJSONEncoder: Sendable {
    public init() {}

    /// The JSON text of `value`, indented by two spaces, ending without a newline.
    public func encode<Value: Encodable>(_ value: Value) throws -> Data {
        let root = JSONNode()
        try JSONNode.encode(value, into: root, codingPath: [])
        var text = ""
        root.render(into: &text, indent: "")
        return Data(text.utf8)
    }
}

/// One value of the JSON tree being built: a rendered scalar, an ordered object or an array.
final class JSONNode {
    var scalar: String?
    var object: [(key: String, node: JSONNode)]?
    var array: [JSONNode]?

    static func encode<Value: Encodable>(_ value: Value, into node: JSONNode, codingPath: [any CodingKey]) throws {
        if let literal = try literal(value, codingPath: codingPath) {
            node.scalar = literal
        } else {
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        }
    }

    /// The JSON text of a string, number or boolean; nil for any other value.
    ///
    /// - Throws: `EncodingError.invalidValue` for NaN and infinity, which JSON cannot carry,
    ///   as Foundation's `JSONEncoder` does, so a file never holds a value it cannot read back.
    private static func literal(_ value: Any, codingPath: [any CodingKey]) throws -> String? {
        switch value {
        case let string as String: return quoted(string)
        case let bool as Bool: return bool ? "true" : "false"
        case let double as Double: return try finite(double, "\(double)", codingPath: codingPath)
        case let float as Float: return try finite(Double(float), "\(float)", codingPath: codingPath)
        case let integer as any BinaryInteger: return "\(integer)"
        default: return nil
        }
    }

    private static func finite(_ number: Double, _ text: String, codingPath: [any CodingKey]) throws -> String {
        guard number.isFinite else {
            let path = codingPath.map(\.stringValue).joined(separator: ".")
            throw EncodingError.invalidValue(number, .init(
                codingPath: codingPath, debugDescription: "\(text) at \(path.isEmpty ? "the top level" : path) cannot be written as JSON"))
        }
        return text
    }

    static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    func render(into text: inout String, indent: String) {
        if let object {
            guard !object.isEmpty else { text += "{}"; return }
            text += "{\n"
            for (index, entry) in object.enumerated() {
                text += indent + "  " + JSONNode.quoted(entry.key) + ": "
                entry.node.render(into: &text, indent: indent + "  ")
                text += index == object.count - 1 ? "\n" : ",\n"
            }
            text += indent + "}"
        } else if let array {
            guard !array.isEmpty else { text += "[]"; return }
            text += "[\n"
            for (index, node) in array.enumerated() {
                text += indent + "  "
                node.render(into: &text, indent: indent + "  ")
                text += index == array.count - 1 ? "\n" : ",\n"
            }
            text += indent + "]"
        } else {
            text += scalar ?? "null"
        }
    }
}

/// The `Encoder` that fills a `JSONNode`.
struct NodeEncoder: Encoder {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.object == nil { node.object = [] }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.array == nil { node.array = [] }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    var codingPath: [any CodingKey]

    private func child(_ key: Key) -> JSONNode {
        let child = JSONNode()
        node.object?.append((key.stringValue, child))
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { _ = child(key) }

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        try JSONNode.encode(value, into: child(key), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]
    var count: Int { node.array?.count ?? 0 }

    private func child() -> JSONNode {
        let child = JSONNode()
        node.array?.append(child)
        return child
    }

    mutating func encodeNil() throws { _ = child() }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try JSONNode.encode(value, into: child(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: child(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: child(), codingPath: codingPath) }
}

struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: JSONNode
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.scalar = "null" }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try JSONNode.encode(value, into: node, codingPath: codingPath)
    }
}
