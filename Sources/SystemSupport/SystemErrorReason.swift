import FoundationEssentials
import Glibc

/// The system's words for why a file read or write failed (`Permission denied`, `Is a directory`),
/// or the error itself where it carries no system error.
public func systemReason(of error: any Error) -> String {
    if let posix = (error as? CocoaError)?.underlying as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    return "\(error)"
}
