/// One libcurl easy handle performing one HTTP exchange at a time: options, body and header capture, prompt cancellation.
import CCurl
import Foundation
import Synchronization

/// Raised by a task's cancellation handler; wakes the transfer's wait so that it stops at once.
final class CancelFlag: Sendable {
    private struct State {
        var raised = false
        /// The multi handle a transfer is waiting on, while it does; only woken while attached.
        var multi: MultiHandle?
    }

    /// A `CURLM` pointer; `curl_multi_wakeup` is the one call made on it from another thread.
    fileprivate struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    private let state = Mutex(State())

    /// Whether ``raise()`` was called.
    var isRaised: Bool { state.withLock { $0.raised } }

    /// Asks the transfer to stop: wakes its `curl_multi_poll` (thread-safe), after which it gives up.
    func raise() {
        state.withLock { state in
            state.raised = true
            if let multi = state.multi { _ = prx_curl_multi_wakeup(multi.pointer) }
        }
    }

    /// Lets ``raise()`` wake `multi`; false if already raised (then the transfer should not start).
    fileprivate func attach(_ multi: UnsafeMutableRawPointer) -> Bool {
        let multi = MultiHandle(pointer: multi)
        return state.withLock { state in
            guard !state.raised else { return false }
            state.multi = multi
            return true
        }
    }

    /// Ends the waking: after it returns, ``raise()`` no longer touches the multi handle.
    fileprivate func detach() { state.withLock { $0.multi = nil } }
}

/// A libcurl easy handle driven by a multi handle of its own, which keeps the connections open between
/// exchanges (keep-alive) and lets a cancellation wake the wait instead of waiting for the next progress tick.
///
/// Not thread-safe: one thread uses it at a time. Every option an exchange depends on is set again for
/// each exchange (no `curl_easy_reset`, which would gain nothing).
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let multi: UnsafeMutableRawPointer
    private let userAgent: String

    /// Why no handle could be made: libcurl could not be loaded or initialised.
    static var unavailableReason: String {
        if let reason = prx_curl_load_error() {
            return "libcurl could not be loaded (\(String(cString: reason)))"
        }
        return "libcurl could not be initialised (curl_global_init failed, or out of memory)"
    }

    /// A new handle (nil if libcurl cannot be loaded or initialised, or is out of memory: see ``unavailableReason``).
    init?(userAgent: String) {
        guard prx_curl_global_init() == CURLE_OK, let handle = prx_curl_easy_init() else { return nil }
        guard let multi = prx_curl_multi_init() else {
            prx_curl_easy_cleanup(handle)
            return nil
        }
        self.handle = handle
        self.multi = multi
        self.userAgent = userAgent
    }

    /// The easy handle was removed from the multi handle after each exchange; libcurl wants the multi
    /// handle cleaned up first.
    deinit {
        prx_curl_multi_cleanup(multi)
        prx_curl_easy_cleanup(handle)
    }

    /// Sends `request` and waits for the whole answer (blocking: call it off the cooperative pool).
    func perform(_ request: HTTPRequest, cancel: CancelFlag) -> HTTPOutcome {
        if cancel.isRaised { return .cancelled }
        if let body = request.body {
            return body.withUnsafeBytes { perform(request, body: $0, cancel: cancel) }
        }
        return perform(request, body: nil, cancel: cancel)
    }

    private func perform(_ request: HTTPRequest, body: UnsafeRawBufferPointer?, cancel: CancelFlag) -> HTTPOutcome {
        let sendsBody = body != nil || request.method == .post || request.method == .put
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { prx_curl_slist_free_all(headers) }
        for line in request.headers {
            guard let longer = prx_curl_slist_append(headers, line) else {
                return .failure(Int(CURLE_OUT_OF_MEMORY.rawValue))
            }
            headers = longer
        }
        if sendsBody && body == nil {
            // Without a body there is no JSON, and not the form type libcurl would name for POST fields.
            guard let longer = prx_curl_slist_append(headers, "Content-Type:") else {
                return .failure(Int(CURLE_OUT_OF_MEMORY.rawValue))
            }
            headers = longer
        }
        let transfer = CurlTransferState()
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var failed = CURLE_OK
        func check(_ code: CURLcode) { if failed == CURLE_OK { failed = code } }

        check(prx_curl_setopt_string(handle, CURLOPT_URL, request.url))
        check(prx_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        if sendsBody {
            // A body of POST fields: `Content-Length`, no chunking, no read callback. libcurl does not copy it.
            check(prx_curl_setopt_long(handle, CURLOPT_POST, 1))
            check(prx_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body?.count ?? 0)))
            check(prx_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, body?.baseAddress ?? Self.empty))
            let custom = request.method == .post ? nil : request.method.rawValue
            check(prx_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, custom))
        } else {
            // Setting POSTFIELDS selects POST, so clear it before choosing GET.
            check(prx_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, nil))
            check(prx_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, -1))
            check(prx_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
            let custom = request.method == .get ? nil : request.method.rawValue
            check(prx_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, custom))
        }
        check(prx_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headers))
        check(prx_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent))
        check(prx_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds))
        check(prx_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds))
        check(prx_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        // No signals (SIGALRM for DNS timeouts) in a threaded process; no Nagle delay on small requests.
        check(prx_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        check(prx_curl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1))
        check(prx_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody))
        check(prx_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        check(prx_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlReadHeader))
        check(prx_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        guard failed == CURLE_OK else {
            forget()
            return .failure(Int(failed.rawValue))
        }

        let code = withExtendedLifetime(transfer) { run(cancel) }
        forget()
        guard let code else { return .cancelled }
        guard code == CURLE_OK else { return cancel.isRaised ? .cancelled : .failure(Int(code.rawValue)) }
        var status = 0
        _ = prx_curl_response_code(handle, &status)
        return .response(HTTPResponse(status: status, body: transfer.body, retryAfter: transfer.retryAfter))
    }

    /// Runs the configured exchange to its end: its `CURLcode`, or nil if `cancel` was raised first.
    ///
    /// `curl_multi_poll` waits for the sockets, at most a second at a time; ``CancelFlag/raise()`` wakes it.
    private func run(_ cancel: CancelFlag) -> CURLcode? {
        guard prx_curl_multi_add_handle(multi, handle) == CURLM_OK else { return CURLE_FAILED_INIT }
        defer { prx_curl_multi_remove_handle(multi, handle) }
        guard cancel.attach(multi) else { return nil }
        defer { cancel.detach() }
        var running: Int32 = 1
        while true {
            guard prx_curl_multi_perform(multi, &running) == CURLM_OK else { return CURLE_FAILED_INIT }
            var result = CURLE_OK
            if running == 0 { return prx_curl_multi_done(multi, handle, &result) == 1 ? result : CURLE_FAILED_INIT }
            if cancel.isRaised { return nil }
            guard prx_curl_multi_poll(multi, 1000) == CURLM_OK else { return CURLE_FAILED_INIT }
        }
    }

    /// Clears the options that point at this exchange's memory (headers, body, callback state).
    private func forget() {
        _ = prx_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, nil)
        _ = prx_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, nil)
        _ = prx_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, nil)
        _ = prx_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, nil)
    }

    /// The POST fields of a request without a body (libcurl wants a pointer even for zero bytes).
    private static var empty: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }
}

/// What the callbacks of one exchange collect; lives on the curl thread for the duration of the transfer.
private final class CurlTransferState {
    var body = Data()
    var retryAfter: String?
    /// `Content-Length`, for sizing `body` once.
    var expectedLength = 0

    /// Receives body bytes.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if body.isEmpty && expectedLength > bytes.count {
            // Cap what a header alone may reserve; a larger body still grows as it arrives.
            body = Data(capacity: min(expectedLength, 64 << 20))
        }
        body.append(bytes)
    }

    /// Receives one header line (with its CRLF), or a status line, which starts a new response.
    func header(_ line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: "HTTP/".utf8) {
            retryAfter = nil
            expectedLength = 0
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = line[..<colon]
        if Self.name(name, is: "retry-after") {
            retryAfter = String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)
        } else if Self.name(name, is: "content-length") {
            expectedLength = Int(String(decoding: Self.trimmed(line[(colon + 1)...]), as: UTF8.self)) ?? 0
        }
    }

    /// Whether a header name equals `lowercased`, ignoring ASCII case.
    private static func name(_ name: Slice<UnsafeBufferPointer<UInt8>>, is lowercased: StaticString) -> Bool {
        guard name.count == lowercased.utf8CodeUnitCount else { return false }
        var expected = lowercased.utf8Start
        for byte in name {
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if lower != expected.pointee { return false }
            expected += 1
        }
        return true
    }

    /// A header value without the surrounding spaces, tabs and line end.
    private static func trimmed(_ value: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var value = value
        while let first = value.first, blank(first) { value = value.dropFirst() }
        while let last = value.last, blank(last) { value = value.dropLast() }
        return value
    }
}

/// CURLOPT_WRITEFUNCTION: body bytes into the exchange's state.
private let curlWriteBody: prx_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    Unmanaged<CurlTransferState>.fromOpaque(context).takeUnretainedValue()
        .append(UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length))
    return length
}

/// CURLOPT_HEADERFUNCTION: one header line at a time into the exchange's state.
private let curlReadHeader: prx_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    Unmanaged<CurlTransferState>.fromOpaque(context).takeUnretainedValue()
        .header(UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length))
    return length
}
