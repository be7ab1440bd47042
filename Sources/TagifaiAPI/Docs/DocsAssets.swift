import FoundationEssentials
import SystemSupport

/// The Swagger UI and ReDoc files that `/docs` and `/redoc` load, served by the API itself under
/// `/docs/assets/` so the pages work on a host with no internet (`docs_assets`).
///
/// The files are read once at start; `scripts/install-docs-assets DIR` fills a folder with them.
public struct DocsAssets: Sendable, Equatable {
    /// The path prefix the files are served under.
    public static let path = "/docs/assets"

    /// One file the pages need: its name in the folder and its content type.
    public struct File: Sendable, Equatable {
        public var name: String
        public var contentType: String
    }

    /// Every file the pages need.
    public static let files: [File] = [.swaggerJS, .swaggerCSS, .redocJS, .favicon]

    /// The bytes of each file, by name.
    let contents: [String: [UInt8]]

    /// The files read from `folder`; every one of `files` must be there.
    public static func load(from folder: String) throws(DocsAssetsError) -> DocsAssets {
        var contents: [String: [UInt8]] = [:]
        for file in files {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file.name).path
            guard FileManager.default.fileExists(atPath: path) else { throw .missing(folder: folder, file: file.name) }
            do {
                contents[file.name] = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw .unreadable(path: path, reason: systemReason(of: error))
            }
        }
        return DocsAssets(contents: contents)
    }

    /// The URL a page links to for `file`.
    static func url(_ file: File) -> String { path + "/" + file.name }
}

extension DocsAssets.File {
    public static let swaggerJS = Self(name: "swagger-ui-bundle.js", contentType: "text/javascript; charset=utf-8")
    public static let swaggerCSS = Self(name: "swagger-ui.css", contentType: "text/css; charset=utf-8")
    public static let redocJS = Self(name: "redoc.standalone.js", contentType: "text/javascript; charset=utf-8")
    public static let favicon = Self(name: "favicon.png", contentType: "image/png")
}

/// Why the docs assets folder cannot be served.
public enum DocsAssetsError: Error, CustomStringConvertible, Equatable {
    case missing(folder: String, file: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let folder, let file):
            "docs_assets \(folder): \(file) is missing; fill the folder with `scripts/install-docs-assets \(folder)` or set docs_assets to null to load the docs pages' files from the CDN"
        case .unreadable(let path, let reason):
            "docs_assets: cannot read \(path): \(reason)"
        }
    }
}
