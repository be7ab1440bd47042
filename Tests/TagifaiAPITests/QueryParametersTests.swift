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
        #expect(QueryParameters.decode("100%") == "100%")
        #expect(QueryParameters.decode("%zz%4") == "%zz%4")
        #expect(QueryParameters.decode("caf%C3%A9") == "café")
    }
}
