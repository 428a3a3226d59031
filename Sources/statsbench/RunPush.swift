import ArgumentParser
import Foundation
import Harness
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `run`'s Pushgateway options: push each scenario's headline figures (``Harness/PushgatewayPush``) once its
/// results are written. A push that fails is reported on standard error and never touches the local results;
/// it makes `run` exit non-zero (3, when nothing else failed) only with `--push-required`.
struct PushOptions: ParsableArguments {
    @Option(
        name: .customLong("push"),
        help: "Push each scenario's headline figures to this Pushgateway (e.g. http://127.0.0.1:9091).")
    var url: String?

    @Option(help: "The Pushgateway job name (default statsbench).")
    var job: String?

    @Option(name: .customLong("label"), help: "A grouping label k=v added to every push (repeatable).")
    var labels: [String] = []

    @Flag(help: "Exit non-zero (3) when a push fails; by default a failed push is only reported.")
    var pushRequired = false

    /// Seconds to wait for the Pushgateway's answer.
    static let timeoutSeconds = 10.0

    mutating func validate() throws {
        guard let url else {
            if job != nil || !labels.isEmpty || pushRequired {
                throw ValidationError("--job, --label and --push-required apply to --push; name a Pushgateway URL")
            }
            return
        }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host?.isEmpty == false, parsed.query == nil, parsed.fragment == nil
        else {
            throw ValidationError("--push '\(url)': expected an http:// or https:// URL with a host and no query")
        }
        if let port = parsed.port, !(1...65535).contains(port) {
            throw ValidationError("--push '\(url)': port \(port) is not in 1 ... 65535")
        }
        do {
            try PushgatewayPush.validate(job: job ?? "statsbench", userLabels: try parsedLabels())
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The `--label` pairs, split at the first `=`.
    func parsedLabels() throws -> [(String, String)] {
        try labels.map { label in
            guard let equals = label.firstIndex(of: "=") else {
                throw ValidationError("--label '\(label)': expected NAME=VALUE")
            }
            return (String(label[..<equals]), String(label[label.index(after: equals)...]))
        }
    }

    /// Pushes `result` when `--push` is set; returns what went wrong, or `nil` on success (or with no `--push`).
    func push(_ result: RunResult) -> String? {
        guard let url else { return nil }
        let push: PushgatewayPush
        do {
            push = try PushgatewayPush(result: result, job: job ?? "statsbench", labels: try parsedLabels())
        } catch {
            return "\(error)"
        }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let target = URL(string: base + "/" + push.path) else { return "cannot form a URL from '\(base)'" }
        return Self.put(push.body, to: target).map { "PUT \(target.absoluteString): \($0)" }
    }

    /// Sends `body` with `PUT`; `nil` on a 2xx answer, else the error or the status and the start of the answer.
    static func put(_ body: String, to url: URL) -> String? {
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = "PUT"
        request.setValue("text/plain; version=0.0.4; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            let message: String?
            if let error {
                message = error.localizedDescription
            } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                let text = String(decoding: (data ?? Data()).prefix(300), as: UTF8.self)
                message = "HTTP \(http.statusCode) \(text.trimmingCharacters(in: .whitespacesAndNewlines))"
            } else {
                message = nil
            }
            outcome.set(message)
            done.signal()
        }
        task.resume()
        guard done.wait(timeout: .now() + timeoutSeconds + 5) == .success else {
            task.cancel()
            return "no answer within \(Int(timeoutSeconds)) s"
        }
        return outcome.get()
    }

    /// The completion handler's message, handed across threads.
    private final class Outcome: Sendable {
        private let message = Mutex<String?>("no answer")
        func set(_ value: String?) { message.withLock { $0 = value } }
        func get() -> String? { message.withLock { $0 } }
    }
}
