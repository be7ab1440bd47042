/// Why a control command was declined; the message is the answer the operator reads.
public struct ControlRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
