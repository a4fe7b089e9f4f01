import Foundation
import GlidepathCore
import Plan
import Spec
import TestSupport
import Testing

/// The SQL phase files of every example with a data plan, applied to a real PostgreSQL while
/// the old application's workload runs against it. Each example's `Fixtures/<example>/database`
/// holds the "before" schema with its seed (100,000+ rows) and the old path's pgbench scripts;
/// their write script reads the spec's dual-write flag from `glidepath_test_flags` and, while it
/// is on, writes the new store in the same transaction, as the application behind the flag does.
@Suite(.serialized)
struct DataPlanOnPostgresTests {
    /// Each example with a data plan, its phases run by a person (the files, as the runbook's
    /// psql line runs them); and orders once more with `runner: cluster`, each phase run by
    /// its Job's exact container command and arguments.
    static let cases: [DataPlanCase] = [
        DataPlanCase(example: "orders-shipping-zone", cluster: false),
        DataPlanCase(example: "monolith-to-kubernetes", cluster: false),
        DataPlanCase(example: "orders-shipping-zone", cluster: true),
    ]

    struct DataPlanCase: CustomTestStringConvertible, Sendable {
        var example: String
        var cluster: Bool
        var testDescription: String { example + (cluster ? " (Jobs in the cluster)" : " (a person)") }
    }

    /// The spec with its phases run in the cluster, from Secret orders-db (the contract's Job
    /// published, with `runContract`).
    static func clusterSpec(_ example: String, runContract: Bool = true) throws -> String {
        let text = String(decoding: try readBytes("\(packageRoot)/examples/\(example).yaml"), as: UTF8.self)
        try #require(text.contains("  database: app\n"))
        return text.replacingOccurrences(
            of: "  database: app\n",
            with: "  database: app\n  runner: cluster\n" + (runContract ? "  runContract: true\n" : "")
                + "  connection: { secret: orders-db }\n")
    }

    @Test(arguments: cases)
    func phasesRunOnlineUnderLoad(_ testCase: DataPlanCase) throws {
        let example = testCase.example
        let bytes = testCase.cluster ? Array(try Self.clusterSpec(example).utf8) : try readBytes("\(packageRoot)/examples/\(example).yaml")
        let checked = Glidepath.check(bytes: bytes, path: "\(example).yaml")
        let plan = try #require(checked.plan, "\(checked.diagnostics.all.map(\.message))")
        let spec = try exampleSpec(example)
        let data = try #require(spec.data)
        let phases = try #require(plan.data)
        let sqlFolder = try temporaryDirectory("sql-\(example)")
        defer { try? FileManager.default.removeItem(at: sqlFolder) }
        for artifact in try Glidepath.generate(plan) where artifact.path.hasPrefix("sql/") {
            try artifact.contents.write(
                to: sqlFolder.appendingPathComponent(String(artifact.path.dropFirst(4))), atomically: true, encoding: .utf8)
        }
        let file = { (kind: DataPhase.Kind) throws -> String in
            sqlFolder.appendingPathComponent(try #require(phases.phase(kind), "no \(kind) phase").file).path
        }

        let server = try PostgresServer()
        defer { server.stop() }
        let db = "app"
        let jobs = testCase.cluster ? try ClusterJobs(artifacts: try Glidepath.generate(plan)) : nil
        defer { jobs?.remove() }
        let connection = "postgresql://postgres@/\(db)?host=\(server.socket)"
        /// A phase as its runner runs it: the file by hand, or its Job's container.
        func runPhase(_ kind: DataPhase.Kind) throws -> TimedRun {
            guard let jobs else { return try server.psql(db, file: try file(kind)) }
            let phase = try #require(phases.phase(kind))
            return try jobs.runPhase(phase.path, connection: connection, psql: server.binaries + "/psql")
        }
        try server.execute("postgres", "CREATE DATABASE \(db)")
        let fixtures = "\(packageRoot)/Tests/GlidepathCoreTests/Fixtures/\(example)/database"
        let seed = try server.psql(db, file: fixtures + "/before.sql")
        try #require(seed.status == 0, "before.sql: \(seed.errors)")
        let dualWriteFlag = try #require(spec.flags?.dualWrite?.value, "the example needs a dual-write flag")
        try server.execute(db, "CREATE TABLE glidepath_test_flags (name text PRIMARY KEY, value boolean NOT NULL)")
        try server.execute(db, "INSERT INTO glidepath_test_flags VALUES ('\(dualWriteFlag)', false)")
        // The load deletes rows too and records every key it deleted here.
        try server.execute(db, "CREATE TABLE glidepath_test_deleted (id bigint PRIMARY KEY)")
        let setDualWrites = { (on: Bool) throws -> Void in
            _ = try server.execute(db, "UPDATE glidepath_test_flags SET value = \(on) WHERE name = '\(dualWriteFlag)'")
        }
        let before = try server.schema(db)
        let table = try #require(data.backfill?.from.value)
        let rows = Int(try server.execute(db, "SELECT count(*) FROM \(table)")) ?? 0
        #expect(rows >= 100_000)

        let load = LoadGenerator(
            server: server, database: db, writeScript: fixtures + "/write.pgbench", readScript: fixtures + "/read.pgbench")
        try load.start()
        var timings: [String: Double] = [:]
        var stopped = false
        defer { if !stopped { _ = load.finish() } }

        /// Runs a phase file that must succeed, and again to prove the re-run changes nothing.
        func apply(_ kind: DataPhase.Kind, twice: Bool = true) throws -> TimedRun {
            let first = try runPhase(kind)
            try #require(first.status == 0, "\(kind) failed: \(first.errors)")
            timings[kind.rawValue, default: 0] += first.seconds
            guard twice else { return first }
            let schemaBefore = try server.schema(db)
            let again = try runPhase(kind)
            #expect(again.status == 0, "\(kind) re-run failed: \(again.errors)")
            #expect(try server.schema(db) == schemaBefore, "\(kind) re-run changed the schema")
            return again
        }

        // Forward to verified, then all the way back: the rollback restores the "before" schema.
        _ = try apply(.expand)
        try setDualWrites(true)
        let rerunBackfill = try apply(.backfill)
        #expect(rerunBackfill.errors.contains(" 0 rows written in "), "backfill re-run wrote rows:\n\(rerunBackfill.errors.suffix(400))")
        if phases.phase(.validate) != nil { _ = try apply(.validate) }
        let verified = try apply(.verify)
        #expect(verified.errors.contains("parity holds"))
        let backfill = try #require(data.backfill)
        if !backfill.isInPlace {
            let parity = try CopyParity(server: server, database: db, backfill: backfill)
            #expect(parity.onlyInNew == 0, "\(parity.onlyInNew) rows exist only in \(backfill.to.value) after the backfill")
            #expect(parity.resurrected == 0, "\(parity.resurrected) rows deleted by the load came back in \(backfill.to.value)")
            #expect(parity.missingOrDifferent == 0, "\(parity.missingOrDifferent) rows missing or different in \(backfill.to.value)")
        }
        try setDualWrites(false)
        _ = try apply(.rollbackExpand)
        #expect(try server.schema(db) == before, "910-rollback-expand.sql did not restore the before schema")

        // Forward again; then rows change while dual writes are off, and verify must fail.
        _ = try apply(.expand, twice: false)
        try setDualWrites(true)
        _ = try apply(.backfill, twice: false)
        _ = try apply(.verify, twice: false)
        try setDualWrites(false)
        Thread.sleep(forTimeInterval: 3)
        let broken = try runPhase(.verify)
        #expect(broken.status != 0, "verify passed although rows changed with dual writes off")
        #expect(broken.errors.contains("parity broken"), "\(broken.errors)")

        // The repair: with dual writes on again, reconcile mends every drifted row, verify passes.
        try setDualWrites(true)
        let repaired = try apply(.reconcile)
        #expect(repaired.errors.contains(" 0 rows repaired in "), "a second reconcile still repaired rows:\n\(repaired.errors.suffix(400))")
        let mended = try runPhase(.verify)
        #expect(mended.status == 0 && mended.errors.contains("parity holds"), "verify after reconcile: \(mended.errors.suffix(600))")
        if !backfill.isInPlace {
            let parity = try CopyParity(server: server, database: db, backfill: backfill)
            #expect(
                parity.onlyInNew == 0 && parity.resurrected == 0 && parity.missingOrDifferent == 0,
                "after reconcile: \(parity)")
        }
        try setDualWrites(false)

        // After 100% and the soak, with dual writes off: contract, twice.
        if phases.phase(.contract) != nil { _ = try apply(.contract) }

        let figures = load.finish()
        stopped = true
        #expect(figures.abortedSegments.isEmpty, "the load saw errors: \(figures.abortedSegments.joined(separator: "\n"))")
        #expect(figures.failedTransactions == 0)
        #expect(figures.transactions > 0)
        let worstMilliseconds = Double(figures.worstWriteMicroseconds) / 1000
        #expect(
            worstMilliseconds < Double(data.lockTimeout.milliseconds),
            "a write waited \(worstMilliseconds) ms, beyond lock_timeout \(data.lockTimeout)")
        let sorted = figures.writeLatencies.sorted()
        let p99 = sorted.isEmpty ? 0 : Double(sorted[sorted.count * 99 / 100]) / 1000
        let phaseTimes = timings.keys.sorted().map { "\($0) \(String(format: "%.2f", timings[$0] ?? 0))s" }.joined(separator: ", ")
        let deletes = try server.execute(db, "SELECT count(*) FROM glidepath_test_deleted")
        print(
            """
            data plan \(testCase.testDescription): \(rows) rows; load \(figures.transactions) transactions in \(String(format: "%.1f", figures.seconds))s \
            (\(Int(figures.rate))/s, \(figures.failedTransactions) failed), \(deletes) rows deleted; write latency p99 \(String(format: "%.1f", p99)) ms, \
            worst \(String(format: "%.1f", worstMilliseconds)) ms; phases (first runs): \(phaseTimes)
            """)
    }

    /// Every expand operation (columns with defaults, a table, plain and unique indexes built
    /// concurrently, CHECK and FOREIGN KEY constraints added NOT VALID, a dual-write trigger,
    /// raw SQL with its undo) applies, re-runs as a no-op, validates, verifies, keeps the new
    /// table current through the trigger, and rolls back to the exact "before" schema.
    @Test func everyOperationAppliesAndRollsBack() throws {
        let fixtures = "\(packageRoot)/Tests/GlidepathCoreTests/Fixtures/every-operation"
        let checked = Glidepath.check(bytes: try readBytes(fixtures + "/spec.yaml"), path: "spec.yaml")
        let plan = try #require(checked.plan, "\(checked.diagnostics.all.map(\.message))")
        let folder = try temporaryDirectory("sql-every-operation")
        defer { try? FileManager.default.removeItem(at: folder) }
        for artifact in try Glidepath.generate(plan) where artifact.path.hasPrefix("sql/") {
            try artifact.contents.write(
                to: folder.appendingPathComponent(String(artifact.path.dropFirst(4))), atomically: true, encoding: .utf8)
        }
        let server = try PostgresServer()
        defer { server.stop() }
        try server.execute("postgres", "CREATE DATABASE app")
        try #require(try server.psql("app", file: fixtures + "/before.sql").status == 0)
        let before = try server.schema("app")
        let phase = { (file: String) throws in
            let run = try server.psql("app", file: folder.appendingPathComponent(file).path)
            #expect(run.status == 0, "\(file): \(run.errors)")
        }
        try phase("010-expand.sql")
        let expanded = try server.schema("app")
        try phase("010-expand.sql")
        #expect(try server.schema("app") == expanded, "010-expand.sql re-run changed the schema")
        try phase("020-backfill.sql")
        try phase("025-validate.sql")
        try server.execute("app", "INSERT INTO orders (sku) VALUES ('through-the-trigger'); UPDATE orders SET sku = 'renamed' WHERE id = 3")
        #expect(try server.execute("app", "SELECT sku FROM orders_v2 WHERE id = 3") == "renamed")
        #expect(try server.execute("app", "SELECT count(*) FROM orders_v2 WHERE sku = 'through-the-trigger'") == "1")
        #expect(try server.execute("app", "SELECT count(*) FROM pg_index WHERE NOT indisvalid") == "0")
        #expect(try server.execute("app", "SELECT count(*) FROM pg_constraint WHERE NOT convalidated") == "0")
        try phase("030-verify.sql")
        try phase("910-rollback-expand.sql")
        #expect(try server.schema("app") == before, "910-rollback-expand.sql did not restore the before schema")
        try phase("910-rollback-expand.sql")
    }

    /// The dual-write styles of the race test: the application deletes the copy itself
    /// (a flag), or the database trigger of the expand phase does it.
    enum DualWriteStyle: String, CaseIterable, Sendable {
        case flag, trigger

        var fixture: (spec: String, seed: String, rows: String) {
            switch self {
            case .flag:
                (
                    "\(packageRoot)/examples/orders-shipping-zone.yaml",
                    "\(packageRoot)/Tests/GlidepathCoreTests/Fixtures/orders-shipping-zone/database/before.sql", "99999"
                )
            case .trigger:
                (
                    "\(packageRoot)/Tests/GlidepathCoreTests/Fixtures/every-operation/spec.yaml",
                    "\(packageRoot)/Tests/GlidepathCoreTests/Fixtures/every-operation/before.sql", "4999"
                )
            }
        }

        var writer: String {
            switch self {
            case .flag: "BEGIN; DELETE FROM orders WHERE id = 10; DELETE FROM orders_v2 WHERE id = 10; SELECT pg_sleep(4); COMMIT;"
            case .trigger: "BEGIN; DELETE FROM orders WHERE id = 10; SELECT pg_sleep(4); COMMIT;"
            }
        }
    }

    /// The race the backfill's row locks close: a writer deletes a source row (and, dual
    /// writing, its copy) in a transaction that commits after the backfill's batch read the row.
    /// Without the lock the batch inserts the row into the new table and nothing ever deletes
    /// it; with it the batch waits for the writer and never sees the row.
    @Test(arguments: DualWriteStyle.allCases)
    func theBackfillNeverBringsBackARowDeletedWhileItCopies(_ style: DualWriteStyle) throws {
        let fixture = style.fixture
        let plan = try #require(Glidepath.check(bytes: try readBytes(fixture.spec), path: "spec.yaml").plan)
        let folder = try temporaryDirectory("sql-race")
        defer { try? FileManager.default.removeItem(at: folder) }
        for artifact in try Glidepath.generate(plan) where artifact.path.hasPrefix("sql/") {
            try artifact.contents.write(
                to: folder.appendingPathComponent(String(artifact.path.dropFirst(4))), atomically: true, encoding: .utf8)
        }
        let server = try PostgresServer()
        defer { server.stop() }
        try server.execute("postgres", "CREATE DATABASE app")
        try #require(try server.psql("app", file: fixture.seed).status == 0)
        let expand = try server.psql("app", file: folder.appendingPathComponent("010-expand.sql").path)
        try #require(expand.status == 0, "\(expand.errors)")

        // The writer deletes row 10 (and its copy), then holds its transaction open for 4 s.
        let writer = Thread { _ = try? server.execute("app", style.writer) }
        writer.start()
        let deadline = Date().addingTimeInterval(10)
        while try server.execute(
            "app", "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'BEGIN; DELETE FROM orders%' AND wait_event = 'PgSleep'") != "1"
        {
            try #require(Date() < deadline, "the writer never reached its sleep")
            Thread.sleep(forTimeInterval: 0.05)
        }
        let backfill = try server.psql("app", file: folder.appendingPathComponent("020-backfill.sql").path)
        #expect(backfill.status == 0, "\(backfill.errors.suffix(600))")
        while try server.execute("app", "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'BEGIN; DELETE FROM orders%'") != "0" {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(try server.execute("app", "SELECT count(*) FROM orders WHERE id = 10") == "0")
        #expect(try server.execute("app", "SELECT count(*) FROM orders_v2 WHERE id = 10") == "0", "the deleted row came back in orders_v2")
        #expect(try server.execute("app", "SELECT count(*) FROM orders_v2") == fixture.rows)
    }
}

/// The new table against the old one, row by row, in one snapshot.
struct CopyParity: CustomStringConvertible {
    var onlyInNew: Int
    var resurrected: Int
    var missingOrDifferent: Int

    init(server: PostgresServer, database: String, backfill: Backfill) throws {
        let source = "\"\(backfill.from.value)\""
        let target = "\"\(backfill.to.value)\""
        let key = "\"\(backfill.key.value)\""
        let columns = backfill.columns.map { "\"\($0.value)\"" }
        let row = { (alias: String) in "ROW(" + columns.map { "\(alias).\($0)" }.joined(separator: ", ") + ")" }
        let output = try server.execute(
            database,
            """
            BEGIN ISOLATION LEVEL REPEATABLE READ;
            SELECT (SELECT count(*) FROM \(target) AS t WHERE NOT EXISTS (SELECT 1 FROM \(source) AS s WHERE s.\(key) = t.\(key))) || ' ' ||
                   (SELECT count(*) FROM \(target) AS t JOIN glidepath_test_deleted AS d ON d.id = t.\(key)) || ' ' ||
                   (SELECT count(*) FROM \(source) AS s LEFT JOIN \(target) AS t ON t.\(key) = s.\(key)
                     WHERE t.\(key) IS NULL OR \(row("s")) IS DISTINCT FROM \(row("t")));
            COMMIT;
            """)
        let numbers = output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard numbers.count == 3 else { throw HarnessError("parity query printed: \(output)") }
        (onlyInNew, resurrected, missingOrDifferent) = (numbers[0], numbers[1], numbers[2])
    }

    var description: String {
        "\(onlyInNew) only in the new table, \(resurrected) resurrected, \(missingOrDifferent) missing or different"
    }
}
