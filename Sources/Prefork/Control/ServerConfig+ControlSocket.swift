extension ServerConfig {
    /// The control socket's path: `control_socket`, else `<pidfile>.ctl`, else none.
    ///
    /// Beside the pidfile because that folder is already one the server's user may write to
    /// and one `tagifai status` looks in; nil when `control_socket_disable` is set.
    public var controlSocketPath: String? {
        guard !controlSocketDisable else { return nil }
        return controlSocket ?? pidfile.map { $0 + ".ctl" }
    }
}
