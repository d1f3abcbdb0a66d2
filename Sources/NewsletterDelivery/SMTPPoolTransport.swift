import Foundation
import NewsletterCore

/// A `MailTransport` over a pool of reused SMTP connections, each on a thread of its own:
/// libcurl blocks, so its calls never run on Swift's cooperative pool. A message waits for
/// a free connection; a connection keeps its session from message to message (the next one
/// starts at MAIL FROM) and reconnects after a failed transfer. A send worker can run on a
/// connection's thread (`executor(forWorker:)`): its messages then go out on that
/// connection directly.
public final class SMTPPoolTransport: MailTransport, WorkerThreads, @unchecked Sendable {
    public let settings: SMTPSettings
    public let connections: Int
    private let lanes: [Lane]
    private let lock = NSLock()
    private var idle: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    public init(settings: SMTPSettings, connections: Int) {
        self.settings = settings
        self.connections = max(1, connections)
        lanes = (0..<max(1, connections)).map { Lane(settings: settings, number: $0) }
        idle = Array((0..<max(1, connections)).reversed())
    }

    deinit {
        for lane in lanes { lane.thread.stop() }
    }

    public var description: String { settings.url }

    public func executor(forWorker number: Int) -> (any TaskExecutor)? {
        lanes[number % lanes.count].thread
    }

    @discardableResult
    public func send(_ message: OutgoingMessage) async throws -> String {
        // Already on a connection's thread: nothing else can use that connection meanwhile.
        if let here = lanes.first(where: { $0.thread.isCurrent }) { return try here.sendHere(message) }
        let lane = await take()
        defer { give(lane) }
        return try await lanes[lane].send(message)
    }

    private func take() async -> Int {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int, Never>) in
            lock.lock()
            if let free = idle.popLast() {
                lock.unlock()
                continuation.resume(returning: free)
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }

    private func give(_ lane: Int) {
        lock.lock()
        if waiters.isEmpty {
            idle.append(lane)
            lock.unlock()
        } else {
            let next = waiters.removeFirst()
            lock.unlock()
            next.resume(returning: lane)
        }
    }

    /// One connection and the thread its blocking calls run on.
    final class Lane: @unchecked Sendable {
        let settings: SMTPSettings
        let thread: LaneThread
        /// Touched only on `thread`.
        private var connection: CurlSMTPConnection?

        init(settings: SMTPSettings, number: Int) {
            self.settings = settings
            thread = LaneThread(name: "newsletter.smtp.\(number)")
        }

        func send(_ message: OutgoingMessage) async throws -> String {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, Error>) in
                thread.async { [self] in
                    continuation.resume(with: Result { try sendHere(message) })
                }
            }
        }

        /// Sends on the calling thread, which must be `thread`.
        func sendHere(_ message: OutgoingMessage) throws -> String {
            if connection == nil { connection = try CurlSMTPConnection(settings: settings) }
            return try connection!.send(message)
        }
    }
}
