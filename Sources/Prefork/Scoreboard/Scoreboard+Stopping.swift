extension Scoreboard {
    /// Publishes that the supervisor has begun to stop (supervisor side), so every worker,
    /// of every generation, can tell a load balancer to route elsewhere while it finishes
    /// its requests; a reload, which drains only the old generation, never sets it.
    public func markStopping() {
        store(1, at: ScoreboardLayout.stoppingWord)
    }

    /// Whether the supervisor has begun to stop (any process that maps the region).
    public var isStopping: Bool {
        load(ScoreboardLayout.stoppingWord) != 0
    }
}
