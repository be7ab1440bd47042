/// A list of IP addresses and CIDR networks, or `*` for every address, that a client is checked
/// against: gunicorn's `forwarded_allow_ips` (the peers whose `X-Forwarded-*`, `Forwarded` and PROXY
/// protocol headers the server believes), or an application's own, such as `metrics_allow_ips`.
public struct IPAllowList: Sendable, Equatable, Codable, CustomStringConvertible {
    /// True for `*`: every address is in the list.
    public let allowsAll: Bool
    public let networks: [IPNetwork]

    /// Parses a comma-separated list; nil when an item is neither an address, a network nor `*`.
    public init?(parsing text: String) {
        guard let list = Self.parsing(items: text.split(separator: ",").map(String.init)) else { return nil }
        self = list
    }

    private init(allowsAll: Bool, networks: [IPNetwork]) {
        self.allowsAll = allowsAll
        self.networks = networks
    }

    /// The list of `items`, or nil when one is malformed; `invalidItems` names those that are.
    static func parsing(items: [String]) -> IPAllowList? {
        invalidItems(items).isEmpty
            ? IPAllowList(
                allowsAll: items.contains { $0.trimmed == "*" },
                networks: items.map(\.trimmed).filter { $0 != "*" }.compactMap(IPNetwork.init(parsing:)))
            : nil
    }

    /// The items that are neither `*`, an address nor a network.
    static func invalidItems(_ items: [String]) -> [String] {
        items.filter { item in item.trimmed != "*" && IPNetwork(parsing: item.trimmed) == nil }
    }

    /// Whether `address` is in the list.
    public func contains(_ address: IPAddressValue) -> Bool {
        allowsAll || networks.contains { $0.contains(address) }
    }

    /// The list as the config file spells it.
    public var description: String {
        ((allowsAll ? ["*"] : []) + networks.map(\.description)).joined(separator: ",")
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let list = Self(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad list of IP addresses and networks \(text)"))
        }
        self = list
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    fileprivate var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
