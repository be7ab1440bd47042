import Foundation
import Testing
import TestSupport

/// Every relative link in the README and the docs names a file that exists, and every `#anchor`
/// a heading of that file, so moving a section cannot leave a reader at a dead end.
@Suite struct DocumentationLinkTests {
    /// The markdown files a reader follows links through.
    static let documents: [String] = {
        let root = PackageFiles.root
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? []
        return ["README.md", "ARCHITECTURE.md", "models/tagifai/MODEL_CARD.md", "models/data/README.md",
                "models/recipes/README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    @Test func theDocsFolderHasDocuments() {
        #expect(Self.documents.count >= 12)
    }

    @Test(arguments: documents)
    func linksResolve(_ document: String) throws {
        let url = PackageFiles.root.appendingPathComponent(document)
        let text = try String(contentsOf: url, encoding: .utf8)
        let links = MarkdownLinks.targets(in: text)
        for link in links where !link.contains("://") && !link.hasPrefix("mailto:") {
            let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0])
            let target = path.isEmpty ? url : url.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: target.path), "\(document): \(link) names no file")
            if parts.count == 2, target.pathExtension == "md" {
                let headings = MarkdownLinks.anchors(in: (try? String(contentsOf: target, encoding: .utf8)) ?? "")
                #expect(headings.contains(String(parts[1])), "\(document): \(link) names no heading of \(target.lastPathComponent)")
            }
        }
    }

    @Test func anchorsAreTheOnesGitHubMakes() {
        #expect(MarkdownLinks.anchors(in: "## Metrics: `GET /metrics`\n") == ["metrics-get-metrics"])
        #expect(MarkdownLinks.anchors(in: "### `tagifai ctl [--socket PATH] COMMAND`\n") == ["tagifai-ctl---socket-path-command"])
        #expect(MarkdownLinks.anchors(in: "```\n# not a heading\n```\n## Several hosts\n") == ["several-hosts"])
    }

    @Test func linksOutsideCodeAreFound() {
        let text = "See [a](a.md) and [b](b.md#x).\n```\n[c](c.md)\n```\n`[d](d.md)`\n"
        #expect(MarkdownLinks.targets(in: text) == ["a.md", "b.md#x"])
    }
}

/// Markdown as GitHub renders it, as far as links and heading anchors go.
enum MarkdownLinks {
    /// The lines outside fenced code blocks, with inline code removed.
    static func prose(_ text: String) -> [String] {
        var inFence = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            if !inFence { lines.append(String(line.replacing(/`[^`]*`/, with: ""))) }
        }
        return lines
    }

    /// The targets of `[text](target)` links.
    static func targets(in text: String) -> [String] {
        prose(text).flatMap { line in line.matches(of: /\]\(([^)\s]+)\)/).map { String($0.1) } }
    }

    /// The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to hyphens.
    static func anchors(in text: String) -> Set<String> {
        var inFence = false
        var anchors: Set<String> = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence, let heading = line.firstMatch(of: /^#{1,6} (.*)$/)?.1 else { continue }
            let kept = heading.lowercased().unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == " "
            }
            anchors.insert(String(kept).replacingOccurrences(of: " ", with: "-"))
        }
        return anchors
    }
}
