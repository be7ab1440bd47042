import HTTPWorker
import Prefork

/// A supervisor's listening socket (bound by it or inherited from systemd, handed to a worker) is
/// one the HTTP server can accept on, as it is.
extension ListeningSocket: ListeningEndpoint {}
