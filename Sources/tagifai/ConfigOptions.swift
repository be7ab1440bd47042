import ArgumentParser
import FoundationEssentials
import HTTPWorker
import Prefork
import Settings

/// The configuration flags `serve` and `check-config` share; they override file and environment.
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "YAML config file (default: $TAGIFAI_CONFIG, else etc/tagifai.yaml when present).",
        valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp(
        "Address to listen on: HOST:PORT, [V6]:PORT or unix:PATH (repeatable).", valueName: "address"))
    var bind: [String] = []

    @Option(help: ArgumentHelp("Number of worker processes, or auto for one per core.", valueName: "n"))
    var workers: String?

    @Option(help: ArgumentHelp("File to write the supervisor's pid to.", valueName: "file"))
    var pidfile: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "Error log level: debug, info, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    @Option(help: ArgumentHelp("Folder of the trained model to serve.", valueName: "folder"))
    var model: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Set any config key, validated like the file, e.g. --set max_requests=1000 (repeatable).",
        valueName: "key=value"))
    var assignments: [String] = []

    /// Not a setting: gunicorn and uvicorn users try it first, so it gets its own answer.
    @Option(help: .hidden)
    var port: String?

    func validate() throws {
        if let port {
            throw ValidationError("there is no --port: pass --bind 127.0.0.1:\(port) (HOST:PORT, repeatable), or set bind in the config file")
        }
    }

    /// Loads the effective config: these flags over `TAGIFAI_*` variables over the file over defaults.
    ///
    /// `--set` is applied before the named flags, so `--workers 4` wins over `--set workers=2`.
    func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> EffectiveConfig {
        var errors: [ConfigError] = []
        var overrides: [ConfigOverride] = []
        for assignment in assignments {
            do { overrides.append(try ConfigOverride(assignment: assignment)) } catch { errors.append(error) }
        }
        if !bind.isEmpty { overrides.append(ConfigOverride(key: "bind", values: bind, flag: "--bind")) }
        let named: [(key: String, value: String?, flag: String)] = [
            ("workers", workers, "--workers"), ("pidfile", pidfile, "--pidfile"),
            ("loglevel", logLevel, "--log-level"), ("model", model, "--model"),
        ]
        for (key, value, flag) in named {
            if let value { overrides.append(ConfigOverride(key: key, values: [value], flag: flag)) }
        }
        do {
            let loaded = try ApplicationSettings.loader.load(
                configFile: config, overrides: overrides, environment: environment)
            _ = try loaded.httpSettings()
            if errors.isEmpty { return loaded }
        } catch {
            errors += error.errors
        }
        throw .combining(errors)
    }
}

extension ConfigOptions {
    /// The effective config with its TLS files loaded, so a bad certificate stops `serve`,
    /// `check-config` and a reload here, before any worker tries it.
    func loadServing(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EffectiveConfig {
        let config = try load(environment: environment)
        _ = try ServerTLS.load(try config.httpSettings())
        return config
    }

    /// Loads the effective config (with its TLS files when `servingFiles`; `status` and `ctl` only
    /// look up where the running server is; and the model too when `loadingModel`, as
    /// `check-config` checks what `serve` will load), or prints every error on stderr and exits with
    /// `failureStatus`.
    func loadReportingErrors(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        command: String = "serve",
        failureStatus: ExitCode = .failure,
        servingFiles: Bool = true,
        loadingModel: Bool = false
    ) throws -> EffectiveConfig {
        let errors: [any Error]
        do {
            guard servingFiles else { return try load(environment: environment) }
            let config = try loadServing(environment: environment)
            if loadingModel { _ = try config.loadModel() }
            return config
        } catch let error as ConfigError {
            errors = error.errors
        } catch {
            errors = [error]
        }
        StandardError.write(
            errors.map { "error: \($0)\n" }.joined()
                + "\(command): \(errors.count) error\(errors.count == 1 ? "" : "s"); the server would not start\n")
        throw failureStatus
    }
}
