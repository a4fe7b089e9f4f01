import Foundation
import TestSupport

/// The old application's workload, run by pgbench in back-to-back segments of a few seconds
/// until `finish()`: bounded in time, and every segment's failures and per-transaction
/// latencies (pgbench's -l log) are kept.
final class LoadGenerator: @unchecked Sendable {
    struct Figures {
        var transactions = 0
        var failedTransactions = 0
        var abortedSegments: [String] = []
        var worstWriteMicroseconds = 0
        var writeLatencies: [Int] = []
        var seconds = 0.0
        var segments = 0

        var rate: Double { seconds > 0 ? Double(transactions) / seconds : 0 }
    }

    private let server: PostgresServer
    private let database: String
    private let scripts: [String]
    private let logs: URL
    private let lock = NSLock()
    private var stopRequested = false
    private var figures = Figures()
    private let done = DispatchSemaphore(value: 0)

    init(server: PostgresServer, database: String, writeScript: String, readScript: String) {
        self.server = server
        self.database = database
        scripts = ["-f", writeScript + "@3", "-f", readScript + "@1"]
        logs = server.folder.appendingPathComponent("pgbench-\(database)")
    }

    func start() throws {
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let thread = Thread { [self] in
            var segment = 0
            while !(lock.withLock { stopRequested }) {
                segment += 1
                runSegment(segment)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops after the running segment and returns what the load saw.
    func finish() -> Figures {
        lock.withLock { stopRequested = true }
        done.wait()
        return lock.withLock { figures }
    }

    /// Transactions per second the load aims at: a busy service, leaving the phases room to
    /// run on a 2-core machine, so the latencies measure locking rather than CPU starvation.
    static let targetRate = 1000

    private func runSegment(_ segment: Int) {
        let prefix = logs.appendingPathComponent("segment\(segment)").path
        let arguments =
            [
                "-h", server.socket, "-U", "postgres", "-n", "-c", "4", "-j", "2", "-T", "2", "-R", String(Self.targetRate),
                "-l", "--log-prefix=" + prefix,
            ] + scripts + [database]
        guard let run = try? timedRun(server.pgbench, arguments) else {
            lock.withLock { figures.abortedSegments.append("segment \(segment): pgbench did not start") }
            return
        }
        let latencies = writeLatencies(prefix: prefix)
        let processed = Self.number(after: "number of transactions actually processed: ", in: run.output) ?? 0
        let failed = Self.number(after: "number of failed transactions: ", in: run.output) ?? 0
        lock.withLock {
            figures.segments += 1
            figures.seconds += run.seconds
            figures.transactions += processed
            figures.failedTransactions += failed
            figures.writeLatencies += latencies
            figures.worstWriteMicroseconds = max(figures.worstWriteMicroseconds, latencies.max() ?? 0)
            if run.status != 0 || run.errors.contains("aborted") || run.errors.contains("ERROR") {
                figures.abortedSegments.append("segment \(segment) (exit \(run.status)): \(run.errors.prefix(2000))")
            }
        }
    }

    /// Latencies of the write script (script 0) from pgbench's per-transaction logs:
    /// `client transaction time_us script epoch epoch_us`.
    private func writeLatencies(prefix: String) -> [Int] {
        let name = (prefix as NSString).lastPathComponent
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).filter { $0.hasPrefix(name + ".") }
        var latencies: [Int] = []
        for file in files {
            guard let text = try? String(contentsOfFile: logs.appendingPathComponent(file).path, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count >= 4, fields[3] == "0", let microseconds = Int(fields[2]) { latencies.append(microseconds) }
            }
        }
        return latencies
    }

    static func number(after label: String, in text: String) -> Int? {
        guard let range = text.range(of: label) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}
