import FoundationEssentials

extension Supervisor {
    /// Copies the files the application names for a generation with `payload` into sealed memory,
    /// logging each; throws the application's error, or `SharedFileError` naming the file.
    func loadSharedFiles(for payload: Data) throws -> [SharedFile] {
        guard let sharedFilePaths else { return [] }
        var files: [SharedFile] = []
        for path in try sharedFilePaths(payload) {
            let file = try SharedFile(loading: path)
            files.append(file)
            logger.debug("shared \(path) with the workers")
        }
        return files
    }

    /// The descriptors and `PREFORK_SHARED_FILES` value that hand `generation`'s shared files to a worker.
    func sharedFileHandOver(generation: Int) -> (descriptors: [CInt], variable: String) {
        let files = sharedFiles[generation] ?? []
        return (files.map(\.fileDescriptor), SharedFileList.encode(files.map { ($0.path, $0.fileDescriptor) }))
    }
}
