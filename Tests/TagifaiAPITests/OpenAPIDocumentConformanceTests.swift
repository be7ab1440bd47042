import Foundation
import HTTPWorker
import Testing
@testable import TagifaiAPI

/// The OpenAPI document must describe what the server really answers, as schemathesis checks it.
@Suite struct OpenAPIDocumentConformanceTests {
    private let api = APIFixture()

    @Test func theFilterSchemaAdmitsTheEmptyFilterTheServerAnswersWithTheWholeDocument() throws {
        #expect(api.call(.GET, "/performance?filter=").status == .ok)
        let document = try APIFixture.json(api.call(.GET, "/openapi.json"))
        guard case .array(let parameters)? = document["paths"]?["/performance"]?["get"]?["parameters"],
              case .array(let choices)? = parameters.first?["schema"]?["anyOf"] else {
            Issue.record("no filter parameter schema")
            return
        }
        let enumerations = choices.compactMap { choice -> [JSONValue]? in
            guard case .array(let values)? = choice["enum"] else { return nil }
            return values
        }
        #expect(enumerations.contains { $0.contains("") })
    }
}
