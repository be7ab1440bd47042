import NIOCore
import NIOHPACK
import TestSupport

/// A blocking HTTP/2 client on one loopback connection that writes exact frames, so a test can send
/// what a well-behaved client never would (resets in a loop, an oversized header list, streams
/// beyond the limit), with NIOHPACK for the header blocks.
final class HTTP2TestClient {
    struct Frame {
        var type: FrameType
        var flags: UInt8
        var stream: UInt32
        var payload: [UInt8]
        /// A HEADERS frame's decoded header list, decoded as it arrived (HPACK's tables follow the
        /// order of the blocks on the connection).
        var headers: HPACKHeaders? = nil

        var endsStream: Bool { flags & 0x1 != 0 }
        /// A RST_STREAM's or GOAWAY's error code.
        var errorCode: UInt32? {
            switch type {
            case .rstStream: Self.integer(payload[0..<4])
            case .goAway: Self.integer(payload[4..<8])
            default: nil
            }
        }
        /// A GOAWAY's last stream id.
        var lastStreamID: UInt32? { type == .goAway ? Self.integer(payload[0..<4]) & 0x7fff_ffff : nil }

        private static func integer(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            bytes.reduce(0) { $0 << 8 | UInt32($1) }
        }
    }

    enum FrameType: UInt8 {
        case data = 0, headers = 1, priority = 2, rstStream = 3, settings = 4, pushPromise = 5, ping = 6, goAway = 7
        case windowUpdate = 8, continuation = 9
    }

    struct Response {
        var status: Int
        var headers: HPACKHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static let noError: UInt32 = 0, protocolError: UInt32 = 1, cancel: UInt32 = 8, refusedStream: UInt32 = 7
    static let enhanceYourCalm: UInt32 = 0xb

    let raw: RawHTTPClient
    private var encoder = HPACKEncoder(allocator: ByteBufferAllocator())
    private var decoder = HPACKDecoder(allocator: ByteBufferAllocator(), maxDynamicTableSize: 4096, maxHeaderListSize: 1 << 20)
    /// The values of the server's SETTINGS frames read so far, by parameter (3 is
    /// MAX_CONCURRENT_STREAMS, 6 MAX_HEADER_LIST_SIZE).
    private(set) var serverSettings: [UInt16: UInt32] = [:]
    /// Whether the server's SETTINGS frames are acknowledged as they are read; a hostile client may not.
    var acknowledgesSettings = true
    /// Whether the server's PINGs are acknowledged as they are read.
    var acknowledgesPings = true
    /// Frames read while waiting for others, in order.
    private var pending: [Frame] = []

    /// Connects and sends `prelude` (a PROXY protocol header), then the connection preface with empty
    /// SETTINGS; `receiveBuffer` shrinks the socket's receive buffer (a client that reads slowly).
    init(port: Int, timeout: Int = 10, receiveBuffer: Int? = nil, prelude: [UInt8] = []) throws {
        raw = try RawHTTPClient(port: port, timeout: timeout, receiveBuffer: receiveBuffer)
        try raw.send(prelude + Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8))
        try send(.settings, flags: 0, stream: 0, [])
    }

    func send(_ type: FrameType, flags: UInt8, stream: UInt32, _ payload: [UInt8]) throws {
        let length = payload.count
        var frame = [UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff), type.rawValue, flags]
        frame += [UInt8(stream >> 24 & 0x7f), UInt8(stream >> 16 & 0xff), UInt8(stream >> 8 & 0xff), UInt8(stream & 0xff)]
        try raw.send(frame + payload)
    }

    /// Sends a request head on `stream` (END_HEADERS), ending the stream when `endStream`.
    func sendHeaders(
        stream: UInt32, method: String = "GET", path: String = "/", _ fields: [(String, String)] = [], endStream: Bool = true
    ) throws {
        var headers = HPACKHeaders([(":method", method), (":scheme", "http"), (":path", path), (":authority", "localhost")])
        for (name, value) in fields { headers.add(name: name, value: value) }
        var block = ByteBuffer()
        try encoder.encode(headers: headers, to: &block)
        try send(.headers, flags: 0x4 | (endStream ? 0x1 : 0), stream: stream, Array(block.readableBytesView))
    }

    func sendData(stream: UInt32, _ bytes: [UInt8], endStream: Bool = true) throws {
        try send(.data, flags: endStream ? 0x1 : 0, stream: stream, bytes)
    }

    func sendReset(stream: UInt32, code: UInt32 = cancel) throws {
        try send(.rstStream, flags: 0, stream: stream, [UInt8(code >> 24), UInt8(code >> 16 & 0xff), UInt8(code >> 8 & 0xff), UInt8(code & 0xff)])
    }

    /// The next frame from the server; SETTINGS and PING are acknowledged and skipped.
    func nextFrame() throws -> Frame {
        while true {
            let frame = try pending.isEmpty ? readFrame() : pending.removeFirst()
            switch frame.type {
            case .settings where frame.flags & 0x1 == 0:
                for entry in stride(from: 0, to: frame.payload.count - 5, by: 6) {
                    let bytes = frame.payload[entry..<(entry + 6)].map(UInt32.init)
                    serverSettings[UInt16(bytes[0] << 8 | bytes[1])] = bytes[2] << 24 | bytes[3] << 16 | bytes[4] << 8 | bytes[5]
                }
                if acknowledgesSettings { try send(.settings, flags: 0x1, stream: 0, []) }
            case .settings:
                continue
            case .ping where frame.flags & 0x1 == 0:
                if acknowledgesPings { try send(.ping, flags: 0x1, stream: 0, frame.payload) }
            default:
                return frame
            }
        }
    }

    /// The frames up to the first one `stop` accepts, which is returned; other frames stay for later reads.
    func frame(where stop: (Frame) -> Bool) throws -> Frame {
        var skipped: [Frame] = []
        defer { pending = skipped + pending }
        while true {
            let frame = try nextFrame()
            if stop(frame) { return frame }
            skipped.append(frame)
        }
    }

    /// The response on `stream`: its head and body up to END_STREAM.
    func response(stream: UInt32) throws -> Response {
        var head = try frame { $0.stream == stream && ($0.type == .headers || $0.type == .rstStream) }
        guard head.type == .headers else {
            throw RawHTTPClient.Failure(description: "stream \(stream) was reset (error \(head.errorCode ?? 0))")
        }
        let headers = head.headers ?? [:]
        var response = Response(status: headers.first(name: ":status").flatMap(Int.init) ?? 0, headers: headers, body: [])
        while !head.endsStream {
            head = try frame { $0.stream == stream && ($0.type == .data || $0.type == .rstStream) }
            guard head.type == .data else { break }
            response.body += head.payload
        }
        return response
    }

    /// The GOAWAY the server sends, reading past every other frame; nil when the connection ends without one.
    func goAway() -> Frame? {
        try? frame { $0.type == .goAway }
    }

    private func readFrame() throws -> Frame {
        let header = try raw.read(count: 9)
        let length = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
        let stream = (UInt32(header[5]) << 24 | UInt32(header[6]) << 16 | UInt32(header[7]) << 8 | UInt32(header[8])) & 0x7fff_ffff
        let payload = try raw.read(count: length)
        guard let type = FrameType(rawValue: header[3]) else { return try readFrame() }
        var frame = Frame(type: type, flags: header[4], stream: stream, payload: payload)
        if type == .headers {
            var block = ByteBuffer(bytes: payload)
            frame.headers = try decoder.decodeHeaders(from: &block)
        }
        return frame
    }
}
