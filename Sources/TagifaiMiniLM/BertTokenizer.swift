/// BERT's WordPiece tokenizer (`BertTokenizer`/`BertTokenizerFast`) for single texts: normalise,
/// split into words, split each word greedily into the longest vocabulary pieces (`##` marking a
/// piece inside a word; a word with no such split, or longer than `maxCharactersPerWord`, is one
/// `[UNK]`), then `[CLS]` + pieces + `[SEP]`, truncated to `maxLength` ids.
public struct BertTokenizer: Sendable {
    public let vocabulary: WordPieceVocabulary
    public let normalizer: BertTextNormalizer
    /// The most ids one text becomes, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    public let maxCharactersPerWord: Int
    public let unknownID: Int32
    public let classID: Int32
    public let separatorID: Int32
    public let paddingID: Int32

    public init(
        vocabulary: WordPieceVocabulary,
        lowercase: Bool = true,
        maxLength: Int,
        maxCharactersPerWord: Int = 100,
        vocabularyFile: String = "vocab.txt"
    ) throws(TokenizerError) {
        func special(_ token: String) throws(TokenizerError) -> Int32 {
            guard let id = vocabulary.id(token) else { throw .missingToken(file: vocabularyFile, token: token) }
            return id
        }
        self.vocabulary = vocabulary
        normalizer = BertTextNormalizer(lowercase: lowercase)
        self.maxLength = max(maxLength, 2)
        self.maxCharactersPerWord = maxCharactersPerWord
        unknownID = try special("[UNK]")
        classID = try special("[CLS]")
        separatorID = try special("[SEP]")
        paddingID = try special("[PAD]")
    }

    /// The ids of `text`: `[CLS]`, its pieces (truncated), `[SEP]`.
    public func encode(_ text: String) -> [Int32] {
        let budget = maxLength - 2
        var ids: [Int32] = [classID]
        for word in BertPreTokenizer.words(normalizer.normalize(text)) {
            guard ids.count - 1 < budget else { break }
            ids.append(contentsOf: pieces(of: word).prefix(budget - (ids.count - 1)))
        }
        ids.append(separatorID)
        return ids
    }

    /// The WordPiece ids of one word: longest match first, from the left.
    func pieces(of word: [Unicode.Scalar]) -> [Int32] {
        guard word.count <= maxCharactersPerWord else { return [unknownID] }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                if let id = vocabulary.id(word[start..<end], prefix: start > 0 ? "##" : "") {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else { return [unknownID] }
            pieces.append(id)
            start = end
        }
        return pieces
    }
}
