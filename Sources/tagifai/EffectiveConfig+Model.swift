import FoundationEssentials
import Prefork
import Settings
import Tagifai

/// A model folder that failed to load, with the setting that named it.
///
/// A config copied to another folder keeps its relative `model:` path, which then names a folder
/// beside the copy: the message says so, since the path alone does not show why it moved.
struct ModelSettingError: Error, CustomStringConvertible {
    let underlying: ArtifactError
    let entry: ConfigEntry?

    var description: String {
        guard let entry, case .text(let folder) = entry.value else { return "\(underlying)" }
        var note = "model: \(folder), from \(entry.source)"
        if case .file(let file, _) = entry.source {
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
            note += "; a relative path in a config file is relative to that file's folder, \(folder)"
        }
        return "\(underlying) (\(note))"
    }
}

extension EffectiveConfig {
    /// Loads the model the `model` setting names, as a worker does before it serves, with the bytes
    /// `files` holds already in memory.
    func loadModel(files: ModelFileBytes = ModelFileBytes()) throws(ModelSettingError) -> TagifaiModel {
        do {
            return try TagifaiModel.load(from: URL(fileURLWithPath: application.string("model")), files: files)
        } catch {
            throw ModelSettingError(underlying: error, entry: entry("model"))
        }
    }
}
