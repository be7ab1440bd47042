import Atomics
import Glibc

/// The shared-memory region where every worker publishes its state, heartbeat and counters.
///
/// A `memfd` mapped `MAP_SHARED` by the supervisor and inherited by workers, so the
/// heartbeat never touches a disk (gunicorn's temp-file heartbeat stalls on disk-backed
/// /tmp). Every word is accessed atomically; only a slot's worker writes its slot, and the
/// supervisor resets a slot before spawning into it and folds it into the retired totals
/// after its worker exits.
public final class Scoreboard: @unchecked Sendable {
    /// The memfd name, which `open(supervisorPid:)` looks for in `/proc/PID/fd`.
    public static let memfdName = "prefork-scoreboard"

    public let layout: ScoreboardLayout
    /// The memfd; workers receive it as an inherited descriptor.
    public let fileDescriptor: CInt
    private let base: UnsafeMutablePointer<UnsafeAtomic<UInt64>.Storage>
    private let ownsDescriptor: Bool

    /// Creates a zeroed region with `slotCount` slots of `counterCount` counters each.
    public static func create(slotCount: Int, counterCount: Int) throws(ScoreboardError) -> Scoreboard {
        let layout = ScoreboardLayout(slotCount: slotCount, counterCount: counterCount)
        let fd = MemoryFile.create(name: memfdName, sealable: true)
        guard fd >= 0 else { throw .systemCall("memfd_create", errno: errno) }
        guard ftruncate(fd, off_t(layout.byteCount)) == 0, MemoryFile.sealSize(fd) else {
            let code = errno
            close(fd)
            throw .systemCall("size and seal the memfd", errno: code)
        }
        let board = try Scoreboard(mapping: fd, layout: layout, writable: true, ownsDescriptor: true)
        board.writeHeader()
        return board
    }

    /// Writes the header words (magic, version, slot and counter counts) from `layout`; the
    /// supervisor writes them again before each spawn, so a worker that scribbled over them
    /// cannot stop the next ones from mapping the region.
    func writeHeader() {
        store(ScoreboardLayout.magic, at: 0)
        store(ScoreboardLayout.version, at: 1)
        store(UInt64(layout.slotCount), at: 2)
        store(UInt64(layout.counterCount), at: 3)
    }

    /// Maps an existing scoreboard descriptor (a worker's inherited fd), checking its header.
    public convenience init(fileDescriptor fd: CInt, writable: Bool = true, ownsDescriptor: Bool = false) throws(ScoreboardError) {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .systemCall("fstat", errno: errno) }
        guard status.st_size >= ScoreboardLayout.headerWords * 8 else {
            throw .notAScoreboard("fd \(fd) is \(status.st_size) bytes, too small for a header")
        }
        let header = try Scoreboard(
            mapping: fd, layout: ScoreboardLayout(slotCount: 0, counterCount: 0), writable: false, ownsDescriptor: false)
        guard header.load(0) == ScoreboardLayout.magic else { throw .notAScoreboard("fd \(fd) has no scoreboard header") }
        guard header.load(1) == ScoreboardLayout.version else {
            throw .notAScoreboard("layout version \(header.load(1)), expected \(ScoreboardLayout.version)")
        }
        let words = UInt64(status.st_size / 8)
        guard header.load(2) <= words, header.load(3) <= words,
            ScoreboardLayout(slotCount: Int(header.load(2)), counterCount: Int(header.load(3))).byteCount <= Int(status.st_size)
        else { throw .notAScoreboard("fd \(fd) is shorter than its header says") }
        let layout = ScoreboardLayout(slotCount: Int(header.load(2)), counterCount: Int(header.load(3)))
        try self.init(mapping: fd, layout: layout, writable: writable, ownsDescriptor: ownsDescriptor)
    }

    private init(mapping fd: CInt, layout: ScoreboardLayout, writable: Bool, ownsDescriptor: Bool) throws(ScoreboardError) {
        let length = max(layout.byteCount, ScoreboardLayout.headerWords * 8)
        let protection = writable ? PROT_READ | PROT_WRITE : PROT_READ
        let address = mmap(nil, length, protection, MAP_SHARED, fd, 0)
        guard let address, address != MAP_FAILED else { throw .systemCall("mmap", errno: errno) }
        self.layout = layout
        self.fileDescriptor = fd
        self.ownsDescriptor = ownsDescriptor
        self.base = address.bindMemory(to: UnsafeAtomic<UInt64>.Storage.self, capacity: length / 8)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(base), max(layout.byteCount, ScoreboardLayout.headerWords * 8))
        if ownsDescriptor { close(fileDescriptor) }
    }

    private func atomic(_ word: Int) -> UnsafeAtomic<UInt64> { UnsafeAtomic(at: base + word) }

    func load(_ word: Int) -> UInt64 { atomic(word).load(ordering: .acquiring) }

    func store(_ value: UInt64, at word: Int) { atomic(word).store(value, ordering: .releasing) }

    func add(_ value: UInt64, at word: Int) { atomic(word).wrappingIncrement(by: value, ordering: .relaxed) }

    func subtract(_ value: UInt64, at word: Int) { atomic(word).wrappingDecrement(by: value, ordering: .relaxed) }

    func storeText(_ text: String, atWord word: Int, bytes: Int) {
        var utf8 = Array(text.utf8.prefix(bytes - 1))
        utf8 += [UInt8](repeating: 0, count: bytes - utf8.count)
        for index in 0..<(bytes / 8) {
            var packed: UInt64 = 0
            for byte in 0..<8 { packed |= UInt64(utf8[index * 8 + byte]) << (8 * UInt64(byte)) }
            store(packed, at: word + index)
        }
    }

    func loadText(atWord word: Int, bytes: Int) -> String {
        var utf8: [UInt8] = []
        for index in 0..<(bytes / 8) {
            let packed = load(word + index)
            for byte in 0..<8 { utf8.append(UInt8(truncatingIfNeeded: packed >> (8 * UInt64(byte)))) }
        }
        return String(decoding: utf8.prefix { $0 != 0 }, as: UTF8.self)
    }
}
