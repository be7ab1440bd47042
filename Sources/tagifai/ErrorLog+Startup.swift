import ArgumentParser
import FoundationEssentials
import Prefork

extension ErrorLog {
    /// Opens the error log `config` names and routes every `Logger` to it, or exits 1 saying why.
    static func bootstrapped(for config: ServerConfig) throws -> ErrorLog {
        do {
            let log = try ErrorLog(config: config)
            log.bootstrap()
            return log
        } catch {
            StandardError.write("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
