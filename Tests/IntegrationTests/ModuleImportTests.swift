import Foundation
import Testing
import TestSupport

/// What each module under Sources/ imports, read from its files: the layering ARCHITECTURE.md
/// draws, and no full Foundation in what the binary links (it brings 32 MiB of ICU data).
@Suite struct ModuleImportTests {
    /// The package's own modules each module may import; a module not named here imports none.
    static let allowed: [String: Set<String>] = [
        "SystemSupport": [],
        "Settings": [],
        "Prefork": ["Settings", "SystemSupport"],
        "HTTPWorker": ["Settings", "SystemSupport"],
        "WorkerSeam": ["HTTPWorker", "Prefork", "Settings"],
        "Tagifai": ["SystemSupport"],
        "TagifaiMiniLM": ["Tagifai", "COpenBLAS"],
        "TagifaiAPI": ["HTTPWorker", "Tagifai", "SystemSupport"],
        "GlibcCompat": [],
        "tagifai": [
            "Prefork", "Settings", "SystemSupport", "HTTPWorker", "WorkerSeam", "Tagifai", "TagifaiMiniLM", "TagifaiAPI",
            "GlibcCompat",
        ],
    ]
    static let modules: [String] = {
        let sources = PackageFiles.root.appendingPathComponent("Sources").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: sources)) ?? []).sorted()
    }()

    /// Every `import` of the Swift files of `module`, with the file it is in.
    static func imports(of module: String) throws -> [(file: String, module: String)] {
        let folder = PackageFiles.root.appendingPathComponent("Sources/\(module)")
        guard let files = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [(String, String)] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), words[..<index].allSatisfy({ $0.hasPrefix("@") }),
                      index + 1 < words.count else { continue }
                found.append(("\(module)/\(file)", String(words[index + 1])))
            }
        }
        return found
    }

    @Test func everyModuleIsListed() {
        #expect(Set(Self.modules).subtracting(["COpenBLAS"]) == Set(Self.allowed.keys))
    }

    @Test(arguments: modules.filter { allowed[$0] != nil })
    func importsOnlyTheModulesBelowIt(_ module: String) throws {
        let own = Set(Self.allowed.keys).union(["COpenBLAS"])
        for (file, imported) in try Self.imports(of: module) where own.contains(imported) {
            #expect(Self.allowed[module]!.contains(imported), "\(file) imports \(imported)")
        }
    }

    @Test(arguments: modules.filter { allowed[$0] != nil })
    func importsNoFullFoundation(_ module: String) throws {
        for (file, imported) in try Self.imports(of: module) {
            #expect(imported != "Foundation", "\(file) imports Foundation: import FoundationEssentials")
            #expect(imported != "FoundationInternationalization", "\(file) imports FoundationInternationalization")
        }
    }

    @Test func theReadingSeesImports() throws {
        #expect(try Self.imports(of: "Prefork").contains { $0.module == "Settings" })
        #expect(try Self.imports(of: "TagifaiMiniLM").contains { $0.module == "FoundationEssentials" })
    }
}
