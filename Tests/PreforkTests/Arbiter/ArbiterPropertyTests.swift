import Foundation
import Testing
@testable import Prefork
import TestSupport

/// Random sequences of signals, child exits, readiness reports, reload outcomes, control
/// commands and ticks, with the arbiter's invariants checked after every step; a failing
/// sequence is shrunk and printed with its seed.
@Suite struct ArbiterPropertyTests {
    static let runs = 3000
    static let firstSeed: UInt64 = 0x7A61_F000

    /// A supervisor's start, from a seed: workers, the ceiling, `workers_max` in half of them (up to
    /// one past the ceiling), and the steps.
    struct Scenario {
        var workers: Int
        var maxWorkers: Int
        var workersMax: Int?
        var steps: [ArbiterStep]

        init(seed: UInt64) {
            var random = SeededRandom(seed: seed)
            maxWorkers = Int.random(in: 1...4, using: &random)
            workers = Int.random(in: 1...maxWorkers, using: &random)
            workersMax = Bool.random(using: &random) ? Int.random(in: workers...(maxWorkers + 1), using: &random) : nil
            let length = Int.random(in: 1...60, using: &random)
            let ceiling = maxWorkers
            steps = (0..<length).map { _ in ArbiterStep.random(maxWorkers: ceiling, using: &random) }
        }

        /// The first invariant the arbiter breaks playing `steps` (then settling and stopping), if any.
        func violation(_ steps: [ArbiterStep]) -> ArbiterViolation? {
            do {
                var driver = try ArbiterPropertyDriver(workers: workers, maxWorkers: maxWorkers, workersMax: workersMax)
                for step in steps { try driver.play(step) }
                try driver.finish()
                return nil
            } catch {
                return error
            }
        }
    }

    @Test(.timeLimit(.minutes(1))) func invariantsHoldAfterEveryStepOfRandomSequences() {
        let started = Date()
        for run in 0..<Self.runs {
            let seed = Self.firstSeed + UInt64(run)
            let scenario = Scenario(seed: seed)
            guard let violation = scenario.violation(scenario.steps) else { continue }
            let minimal = ArbiterShrinker.shrink(scenario.steps) { scenario.violation($0)?.invariant == violation.invariant }
            let shown = minimal.map { "    .\($0)," }.joined(separator: "\n")
            Issue.record("""
                seed \(seed) (workers \(scenario.workers), maxWorkers \(scenario.maxWorkers), workersMax \(scenario.workersMax.map(String.init) ?? "off")): \(violation)
                minimal sequence, \(minimal.count) of \(scenario.steps.count) steps: \(scenario.violation(minimal).map(String.init(describing:)) ?? "")
                \(shown)
                """)
            return
        }
        print("arbiter properties: \(Self.runs) sequences in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }
}
