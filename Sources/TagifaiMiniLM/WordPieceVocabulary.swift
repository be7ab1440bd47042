import FoundationEssentials

/// A WordPiece vocabulary (`vocab.txt`: one token a line, its id the line number).
///
/// Tokens are keyed by their UTF-8 bytes: Swift's `String` equality is canonical equivalence,
/// which would merge tokens the model tells apart.
public struct WordPieceVocabulary: Sendable {
    private let ids: [[UInt8]: Int32]
    /// How many lines (ids) the vocabulary has.
    public let count: Int

    /// The vocabulary whose token of id `i` is `tokens[i]`; a repeated token keeps its last id.
    public init(tokens: [String]) {
        var ids: [[UInt8]: Int32] = [:]
        for (index, token) in tokens.enumerated() {
            ids[Array(token.utf8)] = Int32(index)
        }
        self.ids = ids
        count = tokens.count
    }

    /// Reads `vocab.txt` at `path`.
    public init(path: String) throws(TokenizerError) {
        let data = try TextFileBytes.read(path)
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        self.init(tokens: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) })
    }

    /// The id of `token`, given as Unicode scalars.
    public func id(_ token: some Collection<Unicode.Scalar>, prefix: String = "") -> Int32? {
        var bytes = Array(prefix.utf8)
        for scalar in token {
            bytes.append(contentsOf: UTF8.encode(scalar)!)
        }
        return ids[bytes]
    }

    /// The id of `token`.
    public func id(_ token: String) -> Int32? {
        ids[Array(token.utf8)]
    }
}
