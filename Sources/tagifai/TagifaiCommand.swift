import ArgumentParser

/// The `tagifai` command line: serve the classifier, train it, and inspect a running server.
@main
struct TagifaiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagifai",
        abstract: "Serve, train and evaluate the TagIfAI project classifier.",
        version: "0.1.0",
        subcommands: [
            ServeCommand.self,
            TrainCommand.self,
            PredictCommand.self,
            EvaluateCommand.self,
            BenchModelCommand.self,
            CheckConfigCommand.self,
            StatusCommand.self,
            CtlCommand.self,
            WorkerCommand.self,
        ]
    )
}
