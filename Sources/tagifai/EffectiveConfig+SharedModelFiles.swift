import FoundationEssentials
import Glibc
import Prefork
import Tagifai

extension EffectiveConfig {
    /// The smallest model file the supervisor shares with the workers: the committed linear model's
    /// `model.bin` (1.5 MB) and a transformer's weights are above it, the JSON files far below.
    static let sharedModelFileMinimumSize = 1 << 20

    /// The regular files of the model folder and its subfolders (a transformer's `encoder/`) of at
    /// least `sharedModelFileMinimumSize` bytes, which the supervisor copies once into sealed memory
    /// for every worker of a generation to map.
    ///
    /// A folder that cannot be listed names no file: the worker's load then reports the problem
    /// with the model, in the words it uses for every other one.
    func sharedModelFiles() -> [String] {
        let folder = URL(fileURLWithPath: application.string("model"))
        guard let names = try? FileManager.default.subpathsOfDirectory(atPath: folder.path) else { return [] }
        return names.sorted().map { folder.appendingPathComponent($0).path }.filter { path in
            var info = stat()
            return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
                && Int(info.st_size) >= Self.sharedModelFileMinimumSize
        }
    }

    /// Loads the model the `model` setting names, as a worker does before it serves, taking the
    /// bytes of the files its supervisor shared (`sharedModelFiles()`) from their mappings.
    func loadModel(sharing context: WorkerContext) throws(ModelSettingError) -> any TextTagger {
        let mapped = context.sharedFiles.mapValues { ModelBytes(borrowing: $0.bytes, keepingAlive: $0) }
        return try loadModel(files: ModelFileBytes(mapped: mapped))
    }
}
