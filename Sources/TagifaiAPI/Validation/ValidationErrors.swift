/// The issues that make a request body invalid; never empty.
struct ValidationErrors: Error, Sendable, Equatable {
    var issues: [ValidationIssue]

    init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }
}
