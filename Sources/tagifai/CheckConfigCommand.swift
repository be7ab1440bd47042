import ArgumentParser
import FoundationEssentials
import Prefork

/// `tagifai check-config`: validate the configuration and show each effective value and its source.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print every effective value with where it came from.",
        discussion: """
            Layers, highest first: flags, TAGIFAI_<KEY> environment variables, the config file, \
            built-in defaults. Loads the model folder and the TLS files as serve would. Exits 0 when \
            the configuration is valid, 1 with every error on stderr. \
            TAGIFAI_* variables that name no setting are reported as warnings.
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print the effective configuration as JSON.")
    var json = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        for variable in ApplicationSettings.loader.unrecognizedVariables(in: environment) {
            StandardError.write("warning: \(variable)\n")
        }
        let config = try options.loadReportingErrors(environment: environment, command: "check-config", loadingModel: true)
        print(json ? try config.jsonReport() : config.textReport())
    }
}
