import ArgumentParser
import FoundationEssentials
import Tagifai

/// `tagifai tune`: cross-validates a small grid of recipes and prints them best first.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Cross-validate a small grid of recipes and print their weighted F1, best first.",
        discussion: """
            Every recipe is judged on the same stratified folds (seeded 0) by plain argmax; the \
            table gives the mean ± standard deviation of the weighted F1 over the folds. Writes no model.
            """)

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "The number of stratified folds.")
    var folds = 5

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2 (got \(folds))") }
    }

    /// The grid: the lesson's recipe, then richer features with each classifier.
    static var grid: [(name: String, args: TrainingArgs)] {
        func recipe(_ change: (inout TrainingArgs) -> Void) -> TrainingArgs {
            var args = TrainingArgs()
            change(&args)
            return args
        }
        func union(_ classifier: TrainingArgs.Classifier, c: Double, balanced: Bool = false) -> TrainingArgs {
            recipe {
                $0.wordNgramMaxRange = 2
                $0.ngramMaxRange = 6
                $0.sublinearTF = true
                $0.classifier = classifier.rawValue
                $0.c = c
                $0.classWeight = balanced ? "balanced" : nil
            }
        }
        let features = "word 1-2 ∪ char_wb 2-6, sublinear tf"
        return [
            ("char_wb 2-8 + softmax SGD (the lesson)", TrainingArgs()),
            ("char_wb 2-8, sublinear tf + linear SVM C=1", recipe {
                $0.sublinearTF = true
                $0.classifier = TrainingArgs.Classifier.linearSVM.rawValue
            }),
            ("\(features) + linear SVM C=0.5", union(.linearSVM, c: 0.5)),
            ("\(features) + linear SVM C=1", union(.linearSVM, c: 1)),
            ("\(features) + linear SVM C=0.5, balanced", union(.linearSVM, c: 0.5, balanced: true)),
            ("\(features) + logistic regression C=10", union(.logisticRegression, c: 10)),
            ("\(features) + logistic regression C=20", union(.logisticRegression, c: 20)),
            ("\(features) + logistic regression C=50", union(.logisticRegression, c: 50)),
            ("\(features) + logistic regression C=20, balanced", union(.logisticRegression, c: 20, balanced: true)),
        ]
    }

    func run() throws {
        let csv = try dataOptions.read()
        var results: [(name: String, f1: [Double])] = []
        for (name, args) in Self.grid {
            let report = try CrossValidation.run(records: csv.records, args: args, folds: folds)
            let f1 = report.argmax.map(\.overall.f1)
            print("\(name): \(CrossValidationTable.meanAndDeviation(f1))")
            results.append((name, f1))
        }
        print("\n| recipe (\(folds)-fold CV, weighted F1, plain argmax) | mean ± std |\n| --- | --- |")
        for result in results.sorted(by: {
            CrossValidation.Report.meanAndDeviation($0.f1).mean > CrossValidation.Report.meanAndDeviation($1.f1).mean
        }) {
            print("| \(result.name) | \(CrossValidationTable.meanAndDeviation(result.f1)) |")
        }
    }
}
