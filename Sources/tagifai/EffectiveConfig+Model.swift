import FoundationEssentials
import Prefork
import Settings
import Tagifai
import TagifaiMiniLM

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
    func loadModel(files: ModelFileBytes = ModelFileBytes()) throws(ModelSettingError) -> any TextTagger {
        do {
            return try ModelLoader.load(from: URL(fileURLWithPath: application.string("model")), files: files)
        } catch {
            throw ModelSettingError(underlying: error, entry: entry("model"))
        }
    }
}

/// Loads a model folder of either tier: the transformer tier when its `args.json` names
/// `features: "minilm"`, the linear tier otherwise.
enum ModelLoader {
    /// The folder's model, taking the bytes of the files `files` holds from memory.
    static func load(from directory: URL, files: ModelFileBytes = ModelFileBytes()) throws(ArtifactError) -> any TextTagger {
        ModelFolder.holdsMiniLM(directory)
            ? try MiniLMTagger.load(from: directory, files: files) : try TagifaiModel.load(from: directory, files: files)
    }
}
