import Testing
@testable import TagifaiMiniLM

/// BERT's uncased WordPiece rules on a vocabulary small enough to check by hand.
@Suite struct MiniLMTokenizerTests {
    static let tokens = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "hello", "world", "un", "##aff", "##able", ",", "!", "$", "5", "cafe", "中", "文",
        "a", "##a", "run", "##ning", "ab", "c",
    ]
    let vocabulary = WordPieceVocabulary(tokens: Self.tokens)

    func tokenizer(maxLength: Int = 256) throws -> BertTokenizer {
        try BertTokenizer(vocabulary: vocabulary, maxLength: maxLength)
    }

    func id(_ token: String) -> Int32 { Int32(Self.tokens.firstIndex(of: token)!) }

    func normalized(_ text: String) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: BertTextNormalizer(lowercase: true).normalize(text))
        return String(view)
    }

    @Test func normalisationDropsControlsLowersAndStripsAccents() {
        #expect(normalized("Héllo\tWORLD\u{0}\u{200B}!\u{FFFD}") == "hello world!")
        #expect(normalized("Cafe\u{301} NAÏVE") == "cafe naive")
        #expect(normalized("x\u{FE0F}y") == "xy")  // a variation selector is a nonspacing mark
        #expect(normalized("line\r\nnext\u{2003}em") == "line  next em")
    }

    @Test func normalisationKeepsCaseAndAccentsForCasedModels() {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: BertTextNormalizer(lowercase: false).normalize("Café\u{7}"))
        #expect(String(view) == "Café")
    }

    @Test func cjkIdeographsAreSpacedButKanaIsNot() {
        #expect(normalized("ab中文c") == "ab 中  文 c")
        #expect(normalized("ひら") == "ひら")
    }

    @Test func lowerCasingIsPerCharacterWithoutTheFinalSigmaRule() {
        #expect(normalized("ΟΔΟΣ Σ") == "οδοσ σ")
        #expect(normalized("ǅ") == "ǆ")
    }

    @Test func preTokenizerSplitsWhitespaceAndIsolatesPunctuation() {
        let words = BertPreTokenizer.words(Array("hello, world!  $5 a-b “q”".unicodeScalars)).map { String(String.UnicodeScalarView($0)) }
        #expect(words == ["hello", ",", "world", "!", "$", "5", "a", "-", "b", "“", "q", "”"])
    }

    @Test func wordPieceTakesTheLongestPieceFirst() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.encode("unaffable running") == [id("[CLS]"), id("un"), id("##aff"), id("##able"), id("run"), id("##ning"), id("[SEP]")])
    }

    @Test func aWordWithoutAFullSplitIsOneUnknown() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.encode("unx hello") == [id("[CLS]"), id("[UNK]"), id("hello"), id("[SEP]")])
    }

    @Test func wordsLongerThanTheLimitAreUnknown() throws {
        let tokenizer = try tokenizer()
        let hundred = String(repeating: "a", count: 100)
        #expect(tokenizer.encode(hundred) == [id("[CLS]"), id("a")] + Array(repeating: id("##a"), count: 99) + [id("[SEP]")])
        #expect(tokenizer.encode(hundred + "a") == [id("[CLS]"), id("[UNK]"), id("[SEP]")])
    }

    @Test func encodingTruncatesToTheMaximumLengthWithSpecialTokens() throws {
        let tokenizer = try tokenizer(maxLength: 5)
        #expect(tokenizer.encode("hello world hello world") == [id("[CLS]"), id("hello"), id("world"), id("hello"), id("[SEP]")])
        #expect(tokenizer.encode("unaffable") == [id("[CLS]"), id("un"), id("##aff"), id("##able"), id("[SEP]")])
        #expect(tokenizer.encode("") == [id("[CLS]"), id("[SEP]")])
    }

    @Test func accentsAndCaseReachTheVocabulary() throws {
        let tokenizer = try tokenizer()
        #expect(tokenizer.encode("CAFÉ, 中文!") == [id("[CLS]"), id("cafe"), id(","), id("中"), id("文"), id("!"), id("[SEP]")])
    }

    @Test func vocabularyTellsCanonicallyEquivalentTokensApart() {
        let vocabulary = WordPieceVocabulary(tokens: ["\u{E9}", "e\u{301}"])
        #expect(vocabulary.id("\u{E9}") == 0)
        #expect(vocabulary.id("e\u{301}") == 1)
    }

    @Test func vocabularyWithoutSpecialTokensIsRefused() {
        #expect(throws: TokenizerError.missingToken(file: "vocab.txt", token: "[UNK]")) {
            try BertTokenizer(vocabulary: WordPieceVocabulary(tokens: ["[PAD]", "hello"]), maxLength: 8)
        }
    }
}
