extension SupervisorSockets {
    /// The connections waiting in every TCP listening socket the workers accept on, and the sum of
    /// those queues' limits; nil when none is TCP (a Unix socket reports no queue).
    var acceptQueue: ListeningSocket.AcceptQueue? {
        var seen = Set<CInt>()
        let sockets = (shared + perPositionSockets).filter { seen.insert($0.fileDescriptor).inserted }
        let queues = sockets.compactMap { try? $0.acceptQueue() }
        guard !queues.isEmpty else { return nil }
        return ListeningSocket.AcceptQueue(
            length: queues.reduce(0) { $0 + $1.length }, limit: queues.reduce(0) { $0 + $1.limit })
    }
}
