import Testing
@testable import TagifaiAPI

@Suite struct QueryParametersTests {
    @Test func decodesFormEncodingAndKeepsTheLastValue() {
        let query = QueryParameters("filter=class&x=a+b%2Fc&filter=over%61ll&flag")
        #expect(query["filter"] == "overall")
        #expect(query["x"] == "a b/c")
        #expect(query["flag"] == "")
        #expect(query["missing"] == nil)
        #expect(QueryParameters(nil)["filter"] == nil)
    }

    @Test func leavesBrokenPercentEscapesAsTheyAre() {
        #expect(QueryParameters("x=100%")["x"] == "100%")
        #expect(QueryParameters("x=%zz%4")["x"] == "%zz%4")
        #expect(QueryParameters("x=caf%C3%A9")["x"] == "café")
    }
}
