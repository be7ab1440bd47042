import ArgumentParser
import Foundation
import Prefork

extension ErrorLog {
    /// Opens the error log `config` names and routes every `Logger` to it, or exits 1 saying why.
    static func bootstrapped(for config: ServerConfig) throws -> ErrorLog {
        do {
            let log = try ErrorLog(config: config)
            log.bootstrap()
            return log
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
