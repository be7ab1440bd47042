import Foundation
import Glibc
import Prefork
import TestSupport

nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

private func requestStop(_ signal: CInt) { stopRequested = 1 }

/// Accepts on the inherited sockets and answers "pid slot generation" until TERM.
func runWorker() -> Never {
    let context: WorkerContext
    do {
        context = try WorkerContext.fromEnvironment()
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
    let config = TestServerConfig(payload: context.payload)
    if let delay = config.int("boot_delay_ms") { usleep(useconds_t(delay * 1000)) }
    if let message = config.values["fail_boot"] { context.reportBootFailure(message) }
    signal(SIGTERM, requestStop)
    signal(SIGUSR1, SIG_IGN)
    let crashAfter = config.int("crash_after")
    let hangAfter = config.int("hang_after")
    var served = 0
    var lastBeat = 0.0
    // Reads every page of a shared file once, so each worker's mapping is resident before it is ready.
    if let path = config.values["shared_file"], let mapping = context.sharedFiles[path] { _ = fnv1a(mapping.bytes) }
    context.markReady()
    if config.values["scribble_scoreboard"] != nil { scribble(over: context.scoreboard, slot: context.slot) }
    while stopRequested == 0 {
        let now = MonotonicClock.seconds()
        if now - lastBeat >= 1 {
            context.heartbeat()
            lastBeat = now
        }
        var fds = context.listeningSockets.map { pollfd(fd: $0.fileDescriptor, events: Int16(POLLIN), revents: 0) }
        guard poll(&fds, nfds_t(fds.count), 200) > 0 else { continue }
        for entry in fds where entry.revents & Int16(POLLIN) != 0 {
            let connection = accept(entry.fd, nil, nil)
            guard connection >= 0 else { continue }
            answer(connection, context: context, sharedFile: config.values["shared_file"])
            served += 1
            if let crashAfter, served >= crashAfter { exit(1) }
            if let hangAfter, served >= hangAfter { spinForever() }
        }
    }
    if let delay = config.int("drain_delay_ms") { usleep(useconds_t(delay * 1000)) }
    var drained: [CInt] = []
    context.stopListening { drained.append($0) }
    drained.forEach { answer($0, context: context, sharedFile: config.values["shared_file"]) }
    exit(0)
}

private func answer(_ connection: CInt, context: WorkerContext, sharedFile: String?) {
    context.requestStarted()
    var text = "\(getpid()) \(context.slot) \(context.generation)"
    if let sharedFile { text += " " + (context.sharedFiles[sharedFile].map { String(fnv1a($0.bytes), radix: 16) } ?? "unmapped") }
    let line = Array("\(text)\n".utf8)
    _ = write(connection, line, line.count)
    close(connection)
    context.requestFinished()
}

/// A busy loop that never returns to the event loop, so heartbeats stop.
private func spinForever() -> Never {
    var counter: UInt64 = 0
    while true { counter = counter &+ 1; if counter == 0 { sched_yield() } }
}

