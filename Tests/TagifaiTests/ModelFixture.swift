import Foundation
@testable import Tagifai

/// An obvious two-topic data set (fruit vs rockets, plus a few rare tags that become `other`).
enum ModelFixture {
    static let fruit = ["apple", "banana", "cherry", "mango", "orchard", "juicy", "peach", "ripe", "harvest", "citrus"]
    static let rockets = ["rocket", "engine", "orbit", "launch", "thrust", "booster", "payload", "nozzle", "fuel", "apogee"]

    /// `mixed` adds projects whose words come from both topics under rare tags, so they are `other`
    /// and the classifier is unsure of them: the data set on which the threshold rule matters.
    static func records(perTopic: Int = 40, mixed: Int = 0) -> [ProjectRecord] {
        var generator = SeededGenerator(seed: 7)
        func sentence(_ words: [String]) -> String {
            (0..<6).map { _ in words[generator.next(below: words.count)] }.joined(separator: " ")
        }
        var records: [ProjectRecord] = []
        for _ in 0..<perTopic {
            records.append(ProjectRecord(title: sentence(fruit), description: sentence(fruit), tag: "fruit"))
            records.append(ProjectRecord(title: sentence(rockets), description: sentence(rockets), tag: "rockets"))
        }
        for index in 0..<6 {
            records.append(ProjectRecord(title: "misc note \(index)", description: "sundry item", tag: "misc"))
        }
        for index in 0..<mixed {
            records.append(ProjectRecord(
                title: sentence(fruit + rockets), description: sentence(fruit + rockets), tag: "hobby \(index % 5)"))
        }
        return records
    }

    static var args: TrainingArgs {
        var args = TrainingArgs()
        args.minFreq = 10
        args.numEpochs = 15
        args.ngramMaxRange = 4
        return args
    }

    static func train(_ args: TrainingArgs = args) throws -> TagifaiModel {
        try Trainer.train(records: records(), args: args, dataset: .init(sha256: "fixture", rows: records().count)).model
    }
}
