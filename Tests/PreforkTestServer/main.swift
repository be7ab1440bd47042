import Foundation
import Glibc
import Logging
import Prefork

// A minimal server on the Prefork supervisor, for process-level tests without HTTP.
//
//   PreforkTestServer supervise CONFIG_FILE   run the supervisor; CONFIG_FILE holds key=value lines
//   PreforkTestServer worker                  the worker role the supervisor spawns
//
// Each accepted connection is answered with one line, "pid slot generation", then closed.

ProcessTitle.prepare()
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "supervise" where arguments.count == 2:
    exit(runSupervisor(configPath: arguments.last!))
case "worker":
    runWorker()
default:
    FileHandle.standardError.write(Data("usage: PreforkTestServer supervise CONFIG_FILE | worker\n".utf8))
    exit(2)
}
