import Testing
@testable import Tagifai

@Suite struct TextCleanerTests {
    let cleaner = TextCleaner()

    @Test(arguments: [
        ("Hello World", "hello world"),
        ("The quick brown fox", "quick brown fox"),
        ("Transfer learning with transformers for text classification.",
         "transfer learning transformers text classification"),
        ("self-driving: a CNN-based approach!!", "self driving cnn based approach"),
        ("Don't stop", "stop"),
        ("See https://github.com/foo/bar-baz for code", "see github com foo bar baz code"),
        ("the_best model", "the best model"),
        ("PyTorch   1.2\n\tand\tTF2", "pytorch 1 2 tf2"),
        ("naïve Bayes", "na ve bayes"),
        ("a an the of", ""),
        ("", ""),
    ])
    func cleansWorkedExamples(input: String, expected: String) {
        #expect(cleaner.clean(input) == expected)
    }

    @Test func dropsEveryStopWordAndKeepsTheWordsNextToThem() {
        let words = StopWords.english.filter { !$0.contains("'") }
        #expect(words.count == 153)
        #expect(cleaner.clean(words.joined(separator: " ")) == "")
        // Longer, shorter and neighbouring runs of the same letters are no stop words.
        let kept = "theme thems ourself yourselvess wouldnt ab ii tt mustnt hims"
        #expect(cleaner.clean(words.map { "\($0) \(kept)" }.joined(separator: " "))
                == Array(repeating: kept, count: words.count).joined(separator: " "))
    }

    @Test func removesURLWordsFromTheirFirstHTTP() {
        #expect(cleaner.clean("read xhttpabc now") == "read x")
        #expect(cleaner.clean("http alone stays") == "http alone stays")
    }

    @Test func keepsUppercaseWhenNotLowering() {
        #expect(TextCleaner(lower: false).clean("The BERT model") == "The BERT model")
    }

    @Test func paddedWordsSurroundEveryWordWithOneSpace() {
        #expect(cleaner.paddedWords("Deep, learning!") == Array(" deep learning ".utf8))
        #expect(cleaner.paddedWords("the") == Array(" ".utf8))
    }
}
