import Foundation
import TestSupport
import Testing

@testable import Publish

/// A throwaway PostgreSQL cluster: its own data folder, listening only on a unix socket in
/// that folder, stopped (and deleted) by `stop()`, which the tests call in a `defer`.
final class PostgresServer: @unchecked Sendable {
    let binaries: String
    let folder: URL
    var socket: String { folder.path }
    private var running = false

    /// The server binaries: Debian keeps them in /usr/lib/postgresql/<major>/bin, off PATH.
    static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let majors = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let candidates = majors.compactMap(Int.init).sorted(by: >).map { "\(root)/\($0)/bin" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/pgbench") }) else {
            throw HarnessError(
                "PostgreSQL's server binaries are missing under \(root); run scripts/setup-tests.sh (apt-get install postgresql)")
        }
        return found
    }

    /// `settings`: extra server settings (`wal_level=logical` for a move's two clusters).
    init(settings: [String] = []) throws {
        binaries = try Self.findBinaries()
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("glidepath-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if geteuid() == 0 {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            try require(try timedRun("/bin/chown", ["postgres", folder.path]), "chown")
        }
        try require(
            try asOwner("initdb", ["-D", folder.path + "/data", "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]), "initdb")
        let options = (["-k \(folder.path) -c listen_addresses='' -c fsync=off -c max_connections=50"] + settings.map { "-c " + $0 })
            .joined(separator: " ")
        try require(
            try asOwner("pg_ctl", ["-D", folder.path + "/data", "-o", options, "-l", folder.path + "/server.log", "-w", "start"]),
            "pg_ctl start")
        running = true
    }

    func stop() {
        guard running else { return }
        running = false
        _ = try? asOwner("pg_ctl", ["-D", folder.path + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }

    private func asOwner(_ tool: String, _ arguments: [String]) throws -> TimedRun {
        if geteuid() == 0 {
            return try timedRun("/usr/sbin/runuser", ["-u", "postgres", "--", binaries + "/" + tool] + arguments)
        }
        return try timedRun(binaries + "/" + tool, arguments)
    }

    private func require(_ run: TimedRun, _ what: String) throws {
        guard run.status == 0 else { throw HarnessError("\(what) failed (\(run.status)): \(run.errors)\(run.output)") }
    }

    // MARK: Clients

    func psql(_ database: String, file: String) throws -> TimedRun {
        try timedRun(binaries + "/psql", ["-X", "-q", "-h", socket, "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-f", file])
    }

    func psql(_ database: String, command: String) throws -> TimedRun {
        try timedRun(
            binaries + "/psql", ["-X", "-q", "-At", "-h", socket, "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-c", command])
    }

    /// Runs SQL that must succeed; returns its output.
    @discardableResult
    func execute(_ database: String, _ command: String) throws -> String {
        let run = try psql(database, command: command)
        guard run.status == 0 else { throw HarnessError("psql failed: \(command)\n\(run.errors)") }
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func schema(_ database: String) throws -> String {
        let run = try timedRun(binaries + "/pg_dump", ["-h", socket, "-U", "postgres", "--schema-only", "--no-owner", database])
        guard run.status == 0 else { throw HarnessError("pg_dump failed: \(run.errors)") }
        // Recent pg_dump wraps its output in \restrict with a random key; drop those two lines.
        return run.output.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict ") && !$0.hasPrefix("\\unrestrict ") }.joined(separator: "\n")
    }

    var pgbench: String { binaries + "/pgbench" }

    /// A libpq URI of one database of this cluster, over its socket.
    func uri(_ database: String) -> String { "postgresql://postgres@/\(database)?host=\(socket)" }

    /// The settings of a cluster that logical replication reads from and writes to.
    static let logical = ["wal_level=logical", "max_replication_slots=10", "max_wal_senders=10", "max_logical_replication_workers=6"]
}

/// A run of a program, with its wall time.
struct TimedRun {
    var status: Int32
    var output: String
    var errors: String
    var seconds: Double
}

/// Runs a program the way glidepath runs git (posix_spawn, an empty signal mask and default
/// handlers, output in anonymous files). The test runner's threads block signals and a child
/// inherits that mask: pgbench then never sees the SIGALRM that ends its -T run, and runuser
/// never sees its child exit.
func timedRun(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:]) throws -> TimedRun {
    let start = Date()
    let result: ProcessOutput
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in extra { environment[key] = value }
    do {
        result = try Subprocess.run(executable, arguments, environment: environment)
    } catch {
        throw HarnessError(error.message)
    }
    return TimedRun(
        status: result.status, output: String(decoding: result.output, as: UTF8.self),
        errors: String(decoding: result.errors, as: UTF8.self), seconds: Date().timeIntervalSince(start))
}
