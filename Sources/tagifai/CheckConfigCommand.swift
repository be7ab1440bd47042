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
            built-in defaults. Exits 0 when the configuration is valid, 1 with every error on stderr. \
            TAGIFAI_* variables that name no setting are reported as warnings.
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the effective configuration as JSON.")
    var json = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        for variable in ApplicationSettings.loader.unrecognizedVariables(in: environment) {
            writeToStandardError("warning: \(variable)\n")
        }
        let config: EffectiveConfig
        do {
            config = try options.load(environment: environment)
        } catch {
            let errors = error.errors
            writeToStandardError(
                errors.map { "error: \($0)\n" }.joined()
                    + "check-config: \(errors.count) error\(errors.count == 1 ? "" : "s"); the server would not start\n")
            throw ExitCode(1)
        }
        print(json ? try config.jsonReport() : config.textReport())
    }

    private func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
