import Foundation
import TestSupport
import HTTPWorker
import NIOCore
import Testing
@testable import TagifaiAPI

/// `docs_assets`: the docs pages' files served by the API itself, so the pages link nothing outside.
@Suite struct DocsAssetsTests {
    /// A folder holding a distinct small content for every file the pages need, except `missing`.
    final class AssetsFolder {
        private let scratch: ScratchFolder
        var path: String { scratch.url.path }

        init(missing: String? = nil) throws {
            scratch = try ScratchFolder("docs-assets")
            for file in DocsAssets.files where file.name != missing {
                try Data("contents of \(file.name)".utf8).write(to: URL(fileURLWithPath: path + "/" + file.name))
            }
        }
    }

    @Test func pagesLinkOnlyThisServerAndItServesEachFile() throws {
        let folder = try AssetsFolder()
        var settings = APISettings()
        settings.docsAssets = try DocsAssets.load(from: folder.path)
        let api = APIFixture(settings: settings)
        let swagger = String(buffer: api.call(.GET, "/docs").body)
        let redoc = String(buffer: api.call(.GET, "/redoc").body)
        for page in [swagger, redoc] {
            #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("//fonts"), "\(page)")
            #expect(page.contains(#"href="/docs/assets/favicon.png""#))
        }
        #expect(swagger.contains(#"<script src="/docs/assets/swagger-ui-bundle.js"></script>"#))
        #expect(swagger.contains(#"href="/docs/assets/swagger-ui.css""#))
        #expect(redoc.contains(#"<script src="/docs/assets/redoc.standalone.js"> </script>"#))
        for file in DocsAssets.files {
            let response = api.call(.GET, "/docs/assets/" + file.name)
            #expect(response.status == .ok)
            #expect(response.headers["Content-Type"] == [file.contentType])
            #expect(String(buffer: response.body) == "contents of \(file.name)")
        }
        #expect(Self.isUnrouted("/docs/assets/other.js", in: api))
    }

    @Test func withoutAssetsNoAssetRouteExists() {
        #expect(Self.isUnrouted("/docs/assets/swagger-ui.css", in: APIFixture()))
    }

    private static func isUnrouted(_ path: String, in api: APIFixture) -> Bool {
        if case .notFound = api.router.match(.GET, path: Substring(path)) { return true }
        return false
    }

    @Test func aMissingFileIsNamedWithTheCommandThatFillsTheFolder() throws {
        let folder = try AssetsFolder(missing: "redoc.standalone.js")
        #expect(throws: DocsAssetsError.missing(folder: folder.path, file: "redoc.standalone.js")) {
            try DocsAssets.load(from: folder.path)
        }
        let message = DocsAssetsError.missing(folder: folder.path, file: "redoc.standalone.js").description
        #expect(message.contains("scripts/install-docs-assets \(folder.path)"))
    }
}
