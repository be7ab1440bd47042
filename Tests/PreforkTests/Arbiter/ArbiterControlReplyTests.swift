import Testing
@testable import Prefork

/// Every `tagifai ctl` command the arbiter decides is answered the same way: in the `reply` of an
/// outcome, a command's own, or for `ctl reload` that of the config its `reload` action loaded.
@Suite struct ArbiterControlReplyTests {
    @Test func aCommandIsAnsweredWithWhatItSetGoing() throws {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        #expect(harness.send(.control(.setWorkers(3))).reply == .success(.workers(count: 3, previous: 2)))
        let target = harness.pid(slot: 1)!
        #expect(harness.send(.control(.recycle(slotOrPid: 1))).reply == .success(.recycling(pid: target, slot: 1)))
        let reopen = harness.send(.control(.reopenLogs))
        #expect(reopen.reply == .success(.reopeningLogs(workers: harness.arbiter.livePids.count)))
        #expect(reopen.actions.contains(.reopenLogs))
    }

    @Test func ctlReloadIsAnsweredByTheConfigItLoaded() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        let asked = harness.send(.control(.reload))
        #expect(asked.reply == nil, "the answer waits for the config")
        #expect(asked.actions.contains(.reload(generation: 1)) && asked.actions.contains(.notify(.reloading)))
        #expect(ArbiterHarness.logs(in: asked.actions) == ["HUP: reloading the configuration"])
        let loaded = harness.send(.reloadLoaded(harness.arbiter.settings))
        #expect(loaded.reply == .success(.reloading(generation: 1, previous: 0)))
        #expect(ArbiterHarness.spawns(in: loaded.actions).map(\.generation) == [1])
    }

    @Test func ctlReloadIsAnsweredWithWhyTheConfigWasNotRun() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.send(.control(.reload))
        #expect(harness.send(.reloadFailed(message: "bad yaml")).reply
            == .failure(ControlRefusal("reload failed, generation 0 keeps serving: bad yaml")))
        harness.send(.control(.reload))
        var settings = harness.arbiter.settings
        settings.workers = settings.maxWorkers + 1
        let refused = harness.send(.reloadLoaded(settings))
        #expect(refused.reply == .failure(ControlRefusal(
            "reload failed, generation 0 keeps serving: workers \(settings.workers) exceeds the \(settings.maxWorkers) "
                + "this supervisor was started for; restart it instead")))
        #expect(harness.arbiter.generation == 0 && !harness.arbiter.isReloading)
    }

    @Test func ctlReloadIsRefusedBeforeTheServerRunsAndWhileAReloadIsUnderWay() {
        var harness = ArbiterHarness(workers: 1)
        harness.start()
        let early = harness.send(.control(.reload))
        #expect(early.reply == .failure(ControlRefusal("reload only once all workers are up and while running")))
        #expect(early.actions.isEmpty, "a refusal does nothing, and logs nothing")
        harness.ready(harness.arbiter.livePids[0])
        harness.signal(.hup)
        let again = harness.send(.control(.reload))
        #expect(again.reply == .failure(ControlRefusal("a reload is already in progress")))
        #expect(again.actions.isEmpty)
    }

    @Test func aConfigArrivingAfterAStopDroppedItsReloadIsAnsweredSo() {
        var harness = ArbiterHarness(workers: 1)
        harness.startReady()
        harness.send(.control(.reload))
        let stop = harness.send(.control(.stop(fast: false)))
        #expect(stop.reply == .success(.stopping(fast: false, gracefulTimeout: 30)))
        #expect(stop.actions.contains(.releasePayload(generation: 1)), "the stop dropped the reload and its payload")
        let late = harness.send(.reloadLoaded(harness.arbiter.settings))
        #expect(late.reply == .failure(ControlRefusal("the reload was dropped: the server is stopping")))
        #expect(ArbiterHarness.spawns(in: late.actions).isEmpty)
    }

    @Test func ctlStopStopsLikeItsSignalOnce() {
        var harness = ArbiterHarness(workers: 2)
        harness.startReady()
        let pids = harness.arbiter.livePids
        let fast = harness.send(.control(.stop(fast: true)))
        #expect(fast.reply == .success(.stopping(fast: true, gracefulTimeout: 30)))
        #expect(fast.actions.contains(.markStopping) && ArbiterHarness.logs(in: fast.actions) == ["fast stop"])
        #expect(ArbiterHarness.signals(in: fast.actions).map { "\($0.pid) \($0.signal)" } == pids.map { "\($0) quit" })
        let again = harness.send(.control(.stop(fast: false)))
        #expect(again.reply == .failure(ControlRefusal("the server is already stopping")) && again.actions.isEmpty)
    }

    @Test func eventsThatAreNoCommandCarryNoAnswer() {
        var harness = ArbiterHarness(workers: 1)
        #expect(harness.send(.start).reply == nil)
        #expect(harness.send(.workerReady(pid: harness.arbiter.livePids[0])).reply == nil)
        #expect(harness.send(.signal(.ttin)).reply == nil)
        #expect(harness.send(.tick(readings: [:])).reply == nil)
    }
}
