import Foundation
import Testing
@testable import Tagifai

@Suite struct OrderedJSONEncoderTests {
    @Test func argsKeepTheLessonKeyOrderWithThresholdLast() throws {
        var args = TrainingArgs()
        args.thresholdQuantile = 0.25
        args.threshold = 0.5
        // Every key beyond the lesson's away from its default, so each is written.
        args.features = TrainingArgs.Features.minilm.rawValue
        args.wordNgramMaxRange = 2
        args.sublinearTF = true
        args.minDF = 2
        args.classifier = TrainingArgs.Classifier.linearSVM.rawValue
        args.c = 0.5
        args.classWeight = "balanced"
        args.maxIter = 50
        args.tol = 1e-3
        args.evaluation = TrainingArgs.Evaluation.cv.rawValue
        args.cvFolds = 4
        let text = String(decoding: try OrderedJSONEncoder().encode(args), as: UTF8.self)
        let keys = text.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.firstIndex(of: "\""), let end = line[line.index(after: start)...].firstIndex(of: "\"") else { return nil }
            return String(line[line.index(after: start)..<end])
        }
        #expect(keys == TrainingArgs.keyNames)
        #expect(keys.first == "shuffle" && keys.last == "threshold")
        #expect(text.contains("\"subset\": null"))
        #expect(try JSONDecoder().decode(TrainingArgs.self, from: OrderedJSONEncoder().encode(args)) == args)
    }

    @Test func escapesStringsAndNestsContainers() throws {
        let value: [String: [String]] = ["k": ["a\"b", "line\nbreak", "\u{1}"]]
        let data = try OrderedJSONEncoder().encode(value)
        #expect(try JSONDecoder().decode([String: [String]].self, from: data) == value)
        #expect(String(decoding: try OrderedJSONEncoder().encode([Int]()), as: UTF8.self) == "[]")
    }

    @Test func refusesNumbersJSONCannotCarry() {
        #expect(throws: EncodingError.self) { try OrderedJSONEncoder().encode(["f1": Double.nan]) }
        #expect(throws: EncodingError.self) { try OrderedJSONEncoder().encode([Float.infinity]) }
    }
}
