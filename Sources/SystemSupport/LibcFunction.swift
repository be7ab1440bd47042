import Glibc

/// A libc function that Swift's Glibc module does not import (variadic, or declared only under a
/// feature macro), looked up by name in the process's own symbols.
public enum LibcFunction {
    /// `name` as a function of type `Function` (a `@convention(c)` type matching its C declaration),
    /// or nil when this libc has no such symbol.
    public static func named<Function>(_ name: String, as type: Function.Type) -> Function? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: type) }
    }
}
