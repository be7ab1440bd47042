/// Tells a connection the server drains: an idle keep-alive connection closes at once; one that is
/// reading or serving a request, or was accepted and has not sent one yet, is answered first (with
/// `Connection: close`), so connections taken from the accept queue during a drain are served.
struct DrainEvent: Sendable {}
