import Foundation
import Tagifai

/// A small model trained once per test run on made-up projects, and the committed model.
enum TinyModel {
    /// Three tags and `other`, each with distinctive words, twenty projects each.
    static let trained: TagifaiModel = {
        let topics = [
            ("computer-vision", "image pixels segmentation camera detection"),
            ("natural-language-processing", "text tokens language translation sentences"),
            ("mlops", "deployment monitoring pipelines serving kubernetes"),
            ("other", "graphs reinforcement robotics audio games"),
        ]
        var records: [ProjectRecord] = []
        for (tag, words) in topics {
            for index in 0..<20 {
                records.append(ProjectRecord(title: "Project \(index) \(words)", description: "About \(words) \(index)", tag: tag))
            }
        }
        var args = TrainingArgs()
        args.minFreq = 5
        args.ngramMaxRange = 3
        args.numEpochs = 3
        do {
            return try Trainer.train(records: records, args: args, dataset: .init(sha256: "test", rows: records.count)).model
        } catch {
            fatalError("the test model did not train: \(error)")
        }
    }()

    /// The model committed under `models/tagifai/`, or nil when it is not there.
    static let committed: TagifaiModel? = {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try? TagifaiModel.load(from: packageRoot.appendingPathComponent("models/tagifai"))
    }()
}
