import Glibc

/// The process's C heap (malloc's arenas).
public enum Heap {
    private typealias TrimFunction = @convention(c) (Int) -> CInt

    /// glibc's `malloc_trim` (its header is not imported); nil on a libc without it.
    private static let trimFunction = LibcFunction.named("malloc_trim", as: TrimFunction.self)

    /// Gives the free pages of every arena back to the system (`malloc_trim(0)`); true when some were.
    ///
    /// glibc keeps what a program frees for its next allocations and returns by itself only a free
    /// run at the top of an arena, so memory freed below live blocks stays resident until this is
    /// called. Its cost grows with the number of free blocks: call it when a burst of work is over,
    /// not on a hot path.
    @discardableResult
    public static func releaseFreePages() -> Bool {
        trimFunction?(0) == 1
    }
}
