extension StringProtocol {
    /// Whether every byte of the text is ASCII, so a byte is a Character and byte-wise searches
    /// find what Character-wise ones would.
    var isASCII: Bool {
        utf8.allSatisfy { $0 < 0x80 }
    }
}
