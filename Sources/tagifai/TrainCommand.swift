import ArgumentParser
import FoundationEssentials
import SystemSupport
import Tagifai

/// `tagifai train`: trains the classifier on a projects CSV and writes its artifacts.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the classifier on a projects CSV and write the model folder.",
        discussion: """
            Prints the train and validation loss after each epoch, the threshold chosen on the \
            validation split (a text whose best probability is not above it is tagged "other"; \
            threshold_quantile in --args picks the rule), then the metrics on the held-out test \
            split, or with evaluation "cv" in --args the cross-validated metrics of a model \
            refitted on every row. With --cv K it only cross-validates the recipe over K stratified \
            folds and writes no model. With features "minilm" in --args (models/recipes/minilm.json) \
            it trains the transformer tier's head on all-MiniLM-L6-v2 embeddings of the texts, \
            embedded once from --minilm. Training is deterministic for a given seed.
            """)

    @OptionGroup var dataOptions: DataOptions

    @Option(help: ArgumentHelp("The folder to write the model into.", valueName: "dir"))
    var out = "models/tagifai"

    @Option(help: ArgumentHelp(
        "A JSON file of training arguments overriding the defaults (the keys of args.json); default: the --out folder's args.json when it has one, so with no flags train retrains the shipped model with its own recipe.",
        valueName: "file.json"))
    var args: String?

    @Option(help: ArgumentHelp("Cross-validate the recipe over K stratified folds and write no model.", valueName: "K"))
    var cv: Int?

    @Option(help: ArgumentHelp(
        "The all-MiniLM-L6-v2 weights folder (scripts/fetch-minilm) for a recipe with features \"minilm\"; the model folder gets hard links to its files (copies across file systems).",
        valueName: "dir"))
    var minilm = ".build/minilm"

    func validate() throws {
        if let cv, cv < 2 { throw ValidationError("--cv must be at least 2 folds (got \(cv))") }
    }

    /// The args.json of the folder the model is written to, when there is one.
    private var existingRecipe: String? {
        let path = URL(fileURLWithPath: out).appendingPathComponent("args.json").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    func run() throws {
        let recipe = args ?? existingRecipe
        let trainingArgs = try recipe.map(TrainingArgsFile.read) ?? TrainingArgs()
        let csv = try dataOptions.read()
        print("training on \(dataOptions.data) (\(csv.records.count) rows) with "
            + (recipe.map { "the recipe in \($0)" } ?? "the lesson's recipe (the built-in defaults)"))
        if trainingArgs.usesMiniLM {
            let problems = trainingArgs.problems
            guard problems.isEmpty else { throw TrainingError.invalidArgs(problems) }
            return try runMiniLM(trainingArgs, csv: csv)
        }
        if let cv {
            let report = try CrossValidation.run(records: csv.records, args: trainingArgs, folds: cv)
            print("\(cv)-fold stratified cross-validation (folds seeded \(CrossValidation.foldSeed)), no model written:")
            print(CrossValidationTable.render(report))
            return
        }
        let outcome = try Trainer.train(
            records: csv.records, args: trainingArgs,
            dataset: .init(sha256: csv.sha256, rows: csv.records.count)
        ) { progress in
            print(String(
                printf: "epoch %3d/%d  train_loss %.5f  val_loss %.5f", progress.epoch, trainingArgs.numEpochs,
                progress.trainLoss, progress.validationLoss))
        }
        let model = outcome.model
        try model.save(to: URL(fileURLWithPath: out))
        if let report = outcome.crossValidation {
            Self.printCrossValidated(report, threshold: model.args.threshold, performance: model.performance)
            print("model \(model.manifest.modelVersion), refitted on all \(csv.records.count) rows, written to \(out)")
            return
        }
        let fit = outcome.thresholdFit
        let rule = model.args.thresholdQuantile.map { "quantile \($0) of the winning probability on validation" }
            ?? "tuned for the best validation weighted f1"
        print(String(printf: "threshold %.5f, ", fit.threshold) + rule + String(
            printf: " (validation weighted f1 %.4f; %.4f by plain argmax)", fit.validationF1, fit.validationArgmaxF1))
        print("test split metrics (threshold rule applied, as in performance.json):")
        print(MetricsTable.render(model.performance))
        print(String(
            printf: "test split weighted f1 by plain argmax, without the threshold rule: %.4f",
            outcome.argmaxPerformance.overall.f1))
        print("model \(model.manifest.modelVersion) written to \(out)")
    }

    /// The cross-validated scores of a recipe trained with `evaluation: "cv"`, and its threshold.
    static func printCrossValidated(_ report: CrossValidation.Report, threshold: Double?, performance: Performance) {
        print("\(report.argmax.count)-fold stratified cross-validation of the recipe:")
        print(CrossValidationTable.render(report))
        print("threshold " + String(printf: "%.5f", threshold ?? 0) + (report.thresholdHelps
            ? ", chosen on all the out-of-fold predictions" : " (the threshold rule is dropped)"))
        print("cross-validated metrics (means over the folds, as in performance.json):")
        print(MetricsTable.render(performance))
    }
}
