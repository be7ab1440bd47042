import ArgumentParser
import Foundation
import Prefork

/// `tagifai check-config`: validate the configuration and show each effective value and its source.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print every effective value with where it came from.",
        discussion: """
            Layers, highest first: flags, TAGIFAI_<KEY> environment variables, the config file, \
            built-in defaults. Exits 0 when the configuration is valid, 1 with every error on stderr.
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the effective configuration as JSON.")
    var json = false

    func run() throws {
        let config: EffectiveConfig
        do {
            config = try options.load()
        } catch {
            let errors = error.errors
            var message = errors.map { "error: \($0)" }.joined(separator: "\n")
            message += "\ncheck-config: \(errors.count) error\(errors.count == 1 ? "" : "s"); the server would not start\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(1)
        }
        print(json ? try config.jsonReport() : config.textReport())
    }
}
