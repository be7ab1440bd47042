import Foundation
import Glibc
import Logging
import Prefork

// A minimal server on the Prefork supervisor, for process-level tests without HTTP.
//
//   PreforkTestServer supervise CONFIG_FILE   run the supervisor; CONFIG_FILE holds key=value lines
//   PreforkTestServer worker                  the worker role the supervisor spawns
//   PreforkTestServer title TITLE [REPEATS|--wait]
//                                             set the process title and print what /proc shows
//   PreforkTestServer drop-privileges USER [GROUP]
//                                             drop to USER and print the ids that result
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
case "title" where arguments.count >= 2, "drop-privileges" where arguments.count >= 2:
    runProbe(CommandLine.arguments)
default:
    FileHandle.standardError.write(Data("usage: PreforkTestServer supervise CONFIG_FILE | worker | title TITLE [REPEATS|--wait] | drop-privileges USER [GROUP]\n".utf8))
    exit(2)
}
