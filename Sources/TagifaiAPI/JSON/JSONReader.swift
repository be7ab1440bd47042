import NIOCore

/// Reads one JSON document from a request body.
///
/// Unlike Foundation's `JSONSerialization` it reports where the text goes wrong (as Python's
/// `json` module does, which FastAPI clients expect), refuses nesting past a fixed depth instead
/// of exhausting the stack, and checks that every string is valid UTF-8.
public struct JSONReader: Sendable {
    /// The deepest nesting of arrays and objects accepted.
    public let maxDepth: Int

    /// The most `maxDepth` can be, so that parsing never exhausts a thread's stack.
    public static let depthCeiling = 1_000

    /// A reader refusing nesting deeper than `maxDepth`, which is capped at `depthCeiling`.
    public init(maxDepth: Int = 64) {
        self.maxDepth = max(1, min(maxDepth, Self.depthCeiling))
    }

    /// Parses the readable bytes of `buffer` as exactly one JSON value.
    public func read(_ buffer: ByteBuffer) throws(JSONReadError) -> JSONValue {
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(JSONReadError) -> JSONValue in
                var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
                return try parser.document()
            }
        }
        return try result.get()
    }

    /// Parses the UTF-8 bytes of `text`; a convenience for tests and fixed documents.
    public func read(_ text: String) throws(JSONReadError) -> JSONValue {
        try read(ByteBuffer(string: text))
    }
}
