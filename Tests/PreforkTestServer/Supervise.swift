import Foundation
import Logging
import Prefork

func runSupervisor(configPath: String) -> Int32 {
    var logger = Logger(label: "prefork")
    logger.logLevel = .debug
    let initial: TestServerConfig
    do {
        initial = try TestServerConfig(path: configPath)
    } catch {
        logger.critical("config \(configPath): \(error)")
        return 1
    }
    let supervisor = Supervisor(
        config: initial.serverConfig,
        configPath: configPath,
        payload: initial.payload,
        workerArguments: ["worker"],
        counterCount: 4,
        reload: {
            let config = try TestServerConfig(path: configPath)
            return (config.serverConfig, payload: config.payload)
        },
        sharedFilePaths: { payload in TestServerConfig(payload: payload).values["shared_file"].map { [$0] } ?? [] },
        logger: logger)
    return supervisor.run()
}
