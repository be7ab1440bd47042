import ArgumentParser
import FoundationEssentials
import SystemSupport
import Tagifai
import TagifaiMiniLM

/// `tagifai train` with a `features: "minilm"` recipe: the transformer tier's head.
extension TrainCommand {
    /// Texts the encoder embeds at once while training.
    static let embeddingBatchSize = 32

    /// Loads the encoder from `--minilm`, saying which option and script fill the folder when it is missing.
    func miniLMEmbedder() throws -> MiniLMEmbedder {
        let weights = URL(fileURLWithPath: minilm).appendingPathComponent("model.safetensors").path
        guard FileManager.default.fileExists(atPath: weights) else {
            throw ValidationError(
                "the recipe has features \"minilm\" but --minilm \(minilm) holds no model.safetensors: fetch the "
                    + "weights with scripts/fetch-minilm \(minilm), or pass --minilm DIR with the folder that holds them")
        }
        do {
            return try MiniLMEmbedder(directory: minilm)
        } catch {
            throw ValidationError("--minilm \(minilm): \(error)")
        }
    }

    /// Embeds every text once (reporting the time), then cross-validates the head (`--cv K`) or trains
    /// and writes the model folder.
    func runMiniLM(_ trainingArgs: TrainingArgs, csv: ProjectsCSV) throws {
        let embedder = try miniLMEmbedder()
        let clock = ContinuousClock()
        let embed: ([String]) -> [[Float]] = { texts in
            let start = clock.now
            let vectors = embedder.embed(texts, batchSize: Self.embeddingBatchSize)
            print("embedded \(texts.count) texts with all-MiniLM-L6-v2 from \(minilm) in \(Self.seconds(clock.now - start))")
            return vectors
        }
        if let cv {
            let report = try CrossValidation.run(records: csv.records, args: trainingArgs, folds: cv, embed: embed)
            print("\(cv)-fold stratified cross-validation (folds seeded \(CrossValidation.foldSeed)), no model written:")
            print(CrossValidationTable.render(report))
            return
        }
        let outcome = try Trainer.trainHead(records: csv.records, args: trainingArgs, embed: embed)
        let manifest = ModelManifest(
            formatVersion: ModelManifest.currentFormatVersion, datasetSHA256: csv.sha256, datasetRows: csv.records.count,
            createdAt: Date().formatted(.iso8601), modelVersion: "")
        let documents = ModelFolder.Documents(
            args: outcome.args, performance: outcome.performance, classes: outcome.classes, manifest: manifest)
        let folder = URL(fileURLWithPath: out)
        let written = try MiniLMModelFolder.write(head: outcome.head, documents: documents, weights: minilm, to: folder)
        let report = outcome.crossValidation
        try ModelFolder.write(
            Data(MiniLMModelCard.render(outcome, manifest: written, report: report).utf8), to: "MODEL_CARD.md", in: folder)
        Self.printCrossValidated(report, threshold: outcome.args.threshold, performance: outcome.performance)
        print("model \(written.modelVersion) (tier minilm), head refitted on all \(csv.records.count) rows, written to \(out)")
    }

    static func seconds(_ duration: Duration) -> String {
        String(printf: "%.1f s", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

/// The `MODEL_CARD.md` of a transformer-tier folder, written by `tagifai train`.
enum MiniLMModelCard {
    static func render(_ outcome: Trainer.HeadOutcome, manifest: ModelManifest, report: CrossValidation.Report) -> String {
        let args = outcome.args
        let summary = outcome.performance.crossValidation
        return """
            # Model card: tagifai, tier minilm

            **Task.** Tag a machine-learning project from its title and description as one of \
            \(outcome.classes.map { "`\($0)`" }.joined(separator: ", ")).

            **Tier.** `minilm`: the text (title + " " + description, not cleaned) embedded by \
            all-MiniLM-L6-v2 (BERT WordPiece, 6 layers, mean pooling, L2 normalisation; its files in \
            `encoder/`), then a multinomial logistic regression head (`head.safetensors`, \
            \(outcome.head.classCount) × \(outcome.head.dimension) weights and a bias per class) fitted by \
            L-BFGS with C = \(args.c), class_weight \(args.classWeight ?? "none"). `manifest.json` names \
            every weight file with its SHA-256; the folder refuses to load when one differs.

            **Data.** \(manifest.datasetRows) rows, SHA-256 `\(manifest.datasetSHA256)`; tags with at \
            least min_freq = \(args.minFreq) examples keep their name, the rest become `other`.

            **Threshold.** \(report.thresholdHelps
                ? String(printf: "%.5f", args.threshold ?? 0) + ", kept because cross-validation shows the rule helps"
                : "dropped (0): cross-validation shows the `other` rule does not help").

            **Metrics**: \(summary?.method ?? "cross-validation").
            Weighted F1 \(String(printf: "%.4f", summary?.f1Mean ?? 0)) ± \(String(printf: "%.4f", summary?.f1Std ?? 0)) \
            (by plain argmax \(String(printf: "%.4f", summary?.argmaxF1Mean ?? 0))).

            ```
            \(MetricsTable.render(outcome.performance))
            ```

            Model version `\(manifest.modelVersion)`, trained \(manifest.createdAt).

            """
    }
}
