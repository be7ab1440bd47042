import Testing
@testable import Tagifai

@Suite struct CSVRowsTests {
    private func fields(_ text: String) throws -> [[String]] { try CSVRows.parse(text).map(\.fields) }

    @Test func plainRowsSplitAtCommasAndLineEnds() throws {
        #expect(try fields("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
        #expect(try fields("a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try fields("a,b\n1,2") == [["a", "b"], ["1", "2"]], "a last row without a line end")
        #expect(try fields(",\n") == [["", ""]])
    }

    @Test func quotedFieldsHoldCommasLineBreaksAndQuotes() throws {
        #expect(try fields("\"a,b\",\"say \"\"hi\"\"\",\"\"\n") == [["a,b", "say \"hi\"", ""]])
        let rows = try CSVRows.parse("h\n\"two\nlines\"\nnext\n")
        #expect(rows.map(\.fields) == [["h"], ["two\nlines"], ["next"]])
        #expect(rows.map(\.line) == [1, 2, 4], "a row's line counts the breaks inside quotes before it")
        #expect(try fields("\"a\r\nb\"\n") == [["a\r\nb"]])
    }

    @Test func emptyLinesAreRowsOfOneEmptyField() throws {
        #expect(try fields("a\n\nb\n") == [["a"], [""], ["b"]])
        #expect(try fields("") == [])
    }

    @Test func aByteOrderMarkIsSkippedAndUTF8Kept() throws {
        #expect(try fields("\u{FEFF}title,tag\nnaïve façade,ok\n") == [["title", "tag"], ["naïve façade", "ok"]])
    }

    @Test func aQuoteInsideAPlainFieldIsData() throws {
        #expect(try fields("5\" screen,b\n") == [["5\" screen", "b"]])
    }

    @Test func anOpenQuoteRunsToTheEnd() throws {
        #expect(try fields("a,\"b,c\nd\n") == [["a", "b,c\nd\n"]])
    }

    @Test func textAfterAClosingQuoteIsRefusedWithItsLine() {
        #expect(throws: CSVRows.TextAfterQuote(line: 2)) { try CSVRows.parse("a\n\"b\"c\n") }
        #expect(throws: CSVRows.TextAfterQuote(line: 3)) { try CSVRows.parse("a\n\"b\nb\"c\n") }
    }
}
