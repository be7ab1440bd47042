/// Why a control command was declined; the message is the answer the operator reads.
public struct ControlRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reason, as the operator reads it.
    public var description: String

    /// A refusal giving this reason.
    public init(_ description: String) { self.description = description }
}
