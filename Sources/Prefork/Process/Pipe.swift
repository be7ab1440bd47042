import Glibc

/// Opens a close-on-exec pipe, optionally non-blocking at each end (`pipe2` is not in Glibc's Swift module).
func openPipe(nonBlockingRead: Bool, nonBlockingWrite: Bool) throws(SupervisorError) -> (read: CInt, write: CInt) {
    var ends: [CInt] = [0, 0]
    guard pipe(&ends) == 0 else { throw .systemCall("pipe", errno: errno) }
    for (fd, nonBlocking) in [(ends[0], nonBlockingRead), (ends[1], nonBlockingWrite)] {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        if nonBlocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }
    return (ends[0], ends[1])
}
