extension ConfigFile {
    /// The largest config file read: the shipped one, every key documented, is under 20 KiB.
    static let maximumBytes = 1 << 20
}
