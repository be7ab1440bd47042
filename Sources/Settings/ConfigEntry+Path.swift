import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ConfigEntry {
    /// The entry with its relative path made absolute, as nginx resolves paths against its prefix.
    ///
    /// A path written in a config file is relative to that file's folder, so an installed config
    /// means the same whatever folder the server starts in (systemd starts it in `/`); a default, an
    /// environment variable or a flag is relative to `workingDirectory`. `-` (a standard stream),
    /// the `keywords` of the setting's kind (`auto`) and an unset value stay as they are.
    package func resolvingPath(against workingDirectory: FilePath, keeping keywords: Set<String> = []) -> ConfigEntry {
        guard case .text(let text) = value, text != "-", !keywords.contains(text) else { return self }
        var base = workingDirectory
        if case .file(let file, _) = source {
            base = workingDirectory.pushing(FilePath(file)).removingLastComponent()
        }
        var resolved = self
        resolved.value = .text(base.pushing(FilePath(text)).lexicallyNormalized().string)
        return resolved
    }
}

extension FilePath {
    /// The process's working directory, or nil when it cannot be read (it was removed, say).
    package static var workingDirectory: FilePath? {
        guard let buffer = getcwd(nil, 0) else { return nil }
        defer { free(buffer) }
        return FilePath(String(cString: buffer))
    }
}
