import FuzzerEntry
@testable import Tagifai

/// Texts scored with every model that loads: known n-grams (char and word), unknown ones, none,
/// one-letter words between tokens, and a long one.
let texts = [
    "apple rocket", "Rocket launch of an apple orchard", "", "zzzz qqqq", "a apple b rocket apple rocket",
    String(repeating: "apple banana ", count: 200),
]

/// One fuzz input: the bytes of a `model.bin`. Loading either fails with an `ArtifactError`
/// naming the file, or gives a model that scores every text with finite probabilities; a trap,
/// a fault or a probe that never ends is the bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let file = "fuzz/model.bin"
    let scorer: LinearScorer
    do {
        scorer = try LinearScorer(bytes: ModelBytes(copying: Array(UnsafeRawBufferPointer(start: start, count: count))), file: file)
    } catch {
        precondition(error.description.contains(file), "an error that does not name the file: \(error)")
        return 0
    }
    for text in texts {
        let best = scorer.best(text)
        precondition(best.index < scorer.classCount && best.probability.isFinite, "\(text): \(best)")
    }
    return 0
}
