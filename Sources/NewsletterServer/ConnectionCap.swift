import Foundation
import HummingbirdCore
import Logging
import NIOCore

/// Holds the number of open connections under a cap: one past it is closed as soon as it
/// is accepted, so idle or slow clients can never use up the process's file descriptors and
/// starve everyone else (`/healthz` included).
final class ConnectionCap: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    // It reads nothing: what passes through is forwarded as it is.
    typealias InboundIn = NIOAny

    /// The count shared by every connection of one server.
    final class Count: @unchecked Sendable {
        let limit: Int
        let logger: Logger
        private let lock = NSLock()
        private var open = 0
        private var refused = 0
        init(limit: Int, logger: Logger) {
            self.limit = limit
            self.logger = logger
        }
        func enter() -> Bool {
            let (entered, refusedSoFar) = lock.withLock { () -> (Bool, Int) in
                guard open < limit else { refused += 1; return (false, refused) }
                open += 1
                return (true, refused)
            }
            // The first refusal and every thousandth: an operator sees it without a flood.
            if !entered, refusedSoFar % 1000 == 1 {
                logger.notice("a connection over the cap of \(limit) was closed (\(refusedSoFar) so far; NEWSLETTER_SERVE_MAX_CONNECTIONS)")
            }
            return entered
        }
        func leave() { lock.withLock { open -= 1 } }
    }

    private let count: Count
    private var entered = false

    init(_ count: Count) { self.count = count }

    func handlerAdded(context: ChannelHandlerContext) {
        entered = count.enter()
        if !entered { context.close(promise: nil) }
    }

    // A connection over the cap whose close did not take at once (not active yet) is closed
    // as soon as it is, and nothing it sends is read.
    func channelActive(context: ChannelHandlerContext) {
        if !entered { context.close(promise: nil); return }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !entered { context.close(promise: nil); return }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if entered { count.leave() }
        entered = false
    }
}
