extension Arbiter {
    /// How far a reload has got: the one value that says whether a reload is under way, and what
    /// it needs to finish or to be undone.
    enum ReloadState: Sendable, Equatable {
        /// No reload under way.
        case idle
        /// A `reload` action asked the supervisor for the config of `generation`; its
        /// `reloadLoaded` or `reloadFailed` has not arrived yet.
        case loading(generation: Int)
        /// A new generation is starting beside the one it replaces, which keeps serving until
        /// every position is served by the new one, or comes back if the new one cannot boot.
        case starting(replacing: ReplacedGeneration)

        /// What the generation being replaced ran with.
        struct ReplacedGeneration: Sendable, Equatable {
            var generation: Int
            var settings: ArbiterSettings
            /// Who had set its count, if not its config.
            var countSetBy: String?
        }

        /// The generation a starting one replaces, nil unless a new generation is starting.
        var replacing: ReplacedGeneration? {
            if case .starting(let replaced) = self { replaced } else { nil }
        }

        /// The generation whose config is being loaded, nil unless one is.
        var loadingGeneration: Int? {
            if case .loading(let generation) = self { generation } else { nil }
        }
    }
}
