/// A transport with threads of its own (libcurl blocks): a send worker placed on one runs
/// its composing, signing and SMTP exchange there without a hop to another thread.
public protocol WorkerThreads: Sendable {
    /// Where send worker `number` should run; nil for anywhere.
    func executor(forWorker number: Int) -> (any TaskExecutor)?
}
