import Testing
@testable import HTTPWorker

@Suite struct HTTPDateTests {
    @Test func dateHeaderIsTheRFC9110Form() {
        #expect(HTTPDate.rfc1123(1_796_054_399) == "Mon, 30 Nov 2026 15:59:59 GMT")
        #expect(HTTPDate.rfc1123(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func accessLogTimeIsTheCommonLogForm() throws {
        let regex = try Regex(#"^\[\d\d/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]$"#)
        let text = HTTPDate.commonLog(1_796_054_399)
        #expect(text.wholeMatch(of: regex) != nil, "\(text)")
    }
}
