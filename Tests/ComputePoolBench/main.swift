import Glibc
import HTTPWorker
import Logging
import Settings
import TagifaiAPI
import WorkerSeam

// The API over a stand-in costly model, for measuring the compute pool with wrk.
//
//   ComputePoolBench PORT BATCH_MAX [BASE_MS PER_TEXT_MS]      (PORT 0: any free port, printed)
//
// The model sleeps BASE_MS plus PER_TEXT_MS per text (default 5 and 1) and tags every text "other";
// two compute threads, a batch wait of 2 ms and a queue deadline of 1000 ms.

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard arguments.count == 2 || arguments.count == 4 else {
    print("usage: ComputePoolBench PORT BATCH_MAX [BASE_MS PER_TEXT_MS]")
    exit(2)
}
let (base, perText) = arguments.count == 4 ? (arguments[2], arguments[3]) : (5, 1)
let model = ServedModel(
    performance: .object([]), args: .object([]), classes: ["other"],
    predict: { texts in
        usleep(useconds_t((base + perText * texts.count) * 1000))
        return texts.map { _ in "other" }
    },
    isCostly: true)
var settings = APISettings()
settings.computePool.batchMax = arguments[1]
let api = TagifaiAPI(model: model, settings: settings)
var router = Router()
api.register(in: &router)
var http = HTTPSettings()
http.accesslog = nil
let server = HTTPServer(settings: http, router: router, logger: Logger(label: "bench"), accessLog: nil, tls: nil, hooks: HTTPServerHooks())
let bound = try server.start(binding: .tcp(host: "127.0.0.1", port: arguments[0]))
print("listening on 127.0.0.1:\(bound.port ?? arguments[0]), batch_max \(arguments[1])")
fflush(nil)
server.waitUntilStopped()
