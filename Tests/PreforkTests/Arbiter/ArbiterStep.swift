@testable import Prefork
import TestSupport

/// One thing that may happen to a supervisor, as the property tests generate it.
///
/// A worker is named by `pick`, an index into the live pids at the time, so a sequence
/// still means something after the shrinker drops steps before it.
enum ArbiterStep: Sendable, Equatable, CustomStringConvertible {
    case signal(ProcessSignal)
    /// The USR2 successor exits before it serves: a child that is no worker is reaped.
    case handOverFailed
    /// A child exits, asked to or not.
    case exit(pick: Int, ProcessExit)
    case ready(pick: Int)
    case bootFailed(pick: Int)
    case reloadLoaded(workers: Int)
    case reloadFailed
    /// `ctl workers N`.
    case setWorkers(Int)
    /// `ctl recycle`.
    case recycle(pick: Int)
    /// `ctl reload`, `ctl stop` or `ctl reopen-logs`.
    case command(ArbiterCommand)
    /// Time passes; `silent` workers send no heartbeat.
    case tick(seconds: Double, silent: Bool)
    /// The next `count` forks fail.
    case failSpawns(Int)
    /// `seconds` seconds of load, one reading a second as the supervisor hands them over: every live
    /// worker at `busy`, `queue` connections waiting, `cpus` CPUs.
    case load(busy: Double, queue: Int, cpus: Int, seconds: Int)

    var description: String {
        switch self {
        case .signal(let signal): "signal(.\(signal))"
        case .handOverFailed: "handOverFailed"
        case .exit(let pick, let exit): "exit(pick: \(pick), .\(exit))"
        case .ready(let pick): "ready(pick: \(pick))"
        case .bootFailed(let pick): "bootFailed(pick: \(pick))"
        case .reloadLoaded(let workers): "reloadLoaded(workers: \(workers))"
        case .reloadFailed: "reloadFailed"
        case .setWorkers(let count): "setWorkers(\(count))"
        case .recycle(let pick): "recycle(pick: \(pick))"
        case .command(let command): "command(.\(command))"
        case .tick(let seconds, let silent): "tick(seconds: \(seconds), silent: \(silent))"
        case .failSpawns(let count): "failSpawns(\(count))"
        case .load(let busy, let queue, let cpus, let seconds): "load(busy: \(busy), queue: \(queue), cpus: \(cpus), seconds: \(seconds))"
        }
    }

    private static let exits: [ProcessExit] = [
        .exited(0), .exited(1), .exited(Arbiter.bootFailureExitStatus), .signaled(9), .signaled(15), .signaled(11), .signaled(6),
    ]
    private static let signals: [(ProcessSignal, Int)] = [
        (.hup, 10), (.ttin, 8), (.ttou, 8), (.term, 2), (.int, 1), (.quit, 1), (.usr1, 2), (.usr2, 2),
    ]
    private static let pauses: [Double] = [0.05, 0.3, 1.2, 5, 31]
    private static let busyShares: [Double] = [0, 0.1, 0.3, 0.9, 1]

    /// A random step; `maxWorkers` bounds the counts a reload or `ctl workers` asks for (one beyond it too).
    static func random(maxWorkers: Int, using random: inout SeededRandom) -> ArbiterStep {
        let pick = Int.random(in: 0..<16, using: &random)
        let variant = Int.random(in: 0..<64, using: &random)
        let kinds: [(Int, () -> ArbiterStep)] = signals.map { signal, weight in (weight, { .signal(signal) }) } + [
            (1, { .handOverFailed }),
            (12, { .exit(pick: pick, exits[variant % exits.count]) }),
            (20, { .ready(pick: pick) }),
            (3, { .bootFailed(pick: pick) }),
            (6, { .reloadLoaded(workers: 1 + variant % (maxWorkers + 1)) }),
            (3, { .reloadFailed }),
            (4, { .setWorkers(variant % (maxWorkers + 2)) }),
            (3, { .recycle(pick: pick) }),
            (3, { .command(.reload) }),
            (1, { .command(.stop(fast: pick % 2 == 0)) }),
            (1, { .command(.reopenLogs) }),
            (12, { .tick(seconds: pauses[variant % pauses.count], silent: pick % 6 == 0) }),
            (2, { .failSpawns(1 + variant % 3) }),
            (12, {
                .load(busy: busyShares[variant % busyShares.count], queue: pick % 4 == 0 ? pick : 0,
                      cpus: [1, 2, 4, 8][variant / 16], seconds: 1 + pick % 8)
            }),
        ]
        var draw = Int.random(in: 0..<kinds.map(\.0).reduce(0, +), using: &random)
        for (weight, make) in kinds {
            if draw < weight { return make() }
            draw -= weight
        }
        return .tick(seconds: 1, silent: false)
    }
}
