import Glibc
import Settings
import Testing
@testable import Prefork

@Suite struct TimestampFormatTests {
    @Test func utcTimesAreWrittenWithEnglishNames() {
        #expect(TimestampFormat.text(0, "%a, %d %b %Y %H:%M:%S GMT", utc: true) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(TimestampFormat.text(1_796_054_399, "%a %b %d %H:%M:%S", utc: true) == "Mon Nov 30 15:59:59")
    }

    @Test func theErrorLogsTimeIsLocalWithItsOffset() throws {
        let text = ErrorLogHandler.timestamp()
        #expect(text.count == "2026-11-25 20:50:01 +0000".count)
        let regex = try Regex(#"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}$"#)
        #expect(text.wholeMatch(of: regex) != nil, "\(text)")
    }
}
