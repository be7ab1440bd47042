import FoundationEssentials

/// Where a model's loader takes each file's bytes from: a mapping the process was given for that
/// path (the copy a supervisor shares with every worker), or else the file, read whole.
package struct ModelFileBytes: Sendable {
    /// The bytes of files already in memory, by path.
    package var mapped: [String: ModelBytes]

    package init(mapped: [String: ModelBytes] = [:]) {
        self.mapped = mapped
    }

    /// The bytes of the file at `url`: its mapping when it has one (looked up by `url.path`), else read.
    package func bytes(of url: URL) throws(ArtifactError) -> ModelBytes {
        if let bytes = mapped[url.path] { return bytes }
        return try ModelBytes(reading: url)
    }
}
