extension ProcessTitle {
    /// The supervisor's title: `tagifai: master [etc/tagifai.yaml]`.
    public static func supervisor(procName: String, configPath: String?) -> String {
        "\(procName): master" + (configPath.map { " [\($0)]" } ?? "")
    }

    /// A worker's title: `tagifai: worker 2 (gen 1)`.
    public static func worker(procName: String, slot: Int, generation: Int) -> String {
        "\(procName): worker \(slot) (gen \(generation))"
    }
}
