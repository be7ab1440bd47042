import Foundation
import HTTPWorker
import Testing
@testable import TagifaiAPI

/// The OpenAPI document must describe what the server really answers, as schemathesis checks it.
@Suite struct OpenAPIDocumentConformanceTests {
    private let api = APIFixture()

    private func operations() throws -> [(String, JSONValue)] {
        let document = try APIFixture.json(api.call(.GET, "/openapi.json"))
        guard case .object(let paths)? = document["paths"] else { return [] }
        return paths.flatMap { path -> [(String, JSONValue)] in
            guard case .object(let methods) = path.value else { return [] }
            return methods.map { ("\($0.key.uppercased()) \(path.key)", $0.value) }
        }
    }

    @Test func everyOperationDocumentsTheServersOwnRefusals() throws {
        let operations = try operations()
        #expect(!operations.isEmpty)
        for (name, operation) in operations {
            for status in ["400", "408", "413", "414", "431"] {
                #expect(operation["responses"]?[status]?["content"]?["application/json"]?["schema"]?["$ref"]
                    == "#/components/schemas/HTTPError", "\(name) \(status)")
            }
        }
    }

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
