/// The English stop words removed during cleaning: NLTK's English list, which the lesson's recipe uses.
enum StopWords {
    /// The words as NLTK lists them, contractions included.
    static let english: [String] = [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've",
        "you'll", "you'd", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself",
        "she", "she's", "her", "hers", "herself", "it", "it's", "its", "itself", "they", "them",
        "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "that'll",
        "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has",
        "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or",
        "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against",
        "between", "into", "through", "during", "before", "after", "above", "below", "to", "from",
        "up", "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once",
        "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more",
        "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than",
        "too", "very", "s", "t", "can", "will", "just", "don", "don't", "should", "should've", "now",
        "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren", "aren't", "couldn", "couldn't", "didn",
        "didn't", "doesn", "doesn't", "hadn", "hadn't", "hasn", "hasn't", "haven", "haven't", "isn",
        "isn't", "ma", "mightn", "mightn't", "mustn", "mustn't", "needn", "needn't", "shan", "shan't",
        "shouldn", "shouldn't", "wasn", "wasn't", "weren", "weren't", "won", "won't", "wouldn",
        "wouldn't",
    ]

    /// The longest stop word that can match a run of word characters.
    static let maxLength = 10

    /// A run's key with one more letter `a`–`z`: base 27, `a` = 1, so a key of at most `maxLength`
    /// letters is one word's alone. The table's keys and the runs looked up in it are packed here.
    @inline(__always)
    static func key(_ key: UInt64, appending letter: UInt8) -> UInt64 {
        key &* 27 &+ UInt64(letter &- UInt8(ascii: "a") &+ 1)
    }

    /// Whether `key` (a run of `a`–`z` packed by `key(_:appending:)`) is the key of a stop word.
    ///
    /// A contraction never equals such a run (its apostrophe ends the run), and each of its parts
    /// is itself a stop word, so only the apostrophe-free words are in the table. A text looks up
    /// each of its words, so the table is probed with a multiply-shift hash rather than a `Set`'s
    /// seeded SipHash (about 100 instructions a word).
    static func contains(_ key: UInt64) -> Bool {
        var slot = home(of: key)
        while true {
            let entry = table[slot]
            if entry == key { return true }
            if entry == 0 { return false }
            slot = (slot + 1) & (table.count - 1)
        }
    }

    /// The slot a key's probe starts at: the top `tableBits` bits of a Fibonacci multiply.
    @inline(__always)
    private static func home(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - tableBits))
    }

    /// 512 slots for the 153 keys: under a third full, a probe seldom goes past its first slot.
    private static let tableBits: UInt64 = 9

    /// The keys in open addressing (linear probing); 0, the key of no word, marks an empty slot.
    private static let table: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 1 << tableBits)
        for word in english where !word.contains("'") {
            let key = word.utf8.reduce(UInt64(0), key(_:appending:))
            var slot = home(of: key)
            while table[slot] != 0 && table[slot] != key { slot = (slot + 1) & (table.count - 1) }
            table[slot] = key
        }
        return table
    }()
}
