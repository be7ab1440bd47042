import Foundation

/// A fresh temporary folder for a test's config files, model copies, pidfiles, sockets and logs,
/// removed with everything in it when the test ends.
public final class ScratchFolder: @unchecked Sendable {
    public let url: URL

    /// Makes `tagifai-PREFIX-XXXXXXXX` in the temporary directory.
    public init(_ prefix: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tagifai-\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The absolute path of `name` inside the folder.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` (replacing it atomically) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// Copies the committed model folder to `name` and returns its path.
    public func copyOfCommittedModel(_ name: String) throws -> String {
        let source = PackageFiles.root.appendingPathComponent("models/tagifai")
        try FileManager.default.copyItem(atPath: source.path, toPath: path(name))
        return path(name)
    }
}
