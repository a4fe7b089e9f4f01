import Foundation
import GlidepathCore
import Plan
import TestSupport
import Testing

/// A table moved between two real PostgreSQL clusters (throwaway, unix sockets,
/// `wal_level=logical`) by the generated files, each step run as the runbook shows it, in a
/// shell with the connection URIs in the environment only, while the application writes
/// (inserts, updates, deletes). The whole cycle (copy under load, cutover, writes on the
/// target, rollback, clean-up) loses, resurrects and leaves stale no row, by a per-row
/// comparison; and each hazard is shown to be caught: a table without replica identity, a
/// cutover before the target caught up, and a target whose sequence was never set.
@Suite(.serialized) struct MoveOnPostgresTests {
    static let fixtures = packageRoot + "/Tests/GlidepathCoreTests/Fixtures/table-move"

    /// Both clusters, the move's files in a folder as `compile` writes them, and the shell the
    /// runbook's commands run in.
    final class Setup {
        let source: PostgresServer
        let target: PostgresServer
        let folder: URL
        let plan: CheckedPlan
        let move: MovePlan

        init(spec: String) throws {
            source = try PostgresServer(settings: PostgresServer.logical)
            target = try PostgresServer(settings: PostgresServer.logical)
            plan = try checkedPlan(spec, path: "spec.yaml")
            move = try #require(plan.move)
            folder = try temporaryDirectory("move")
            let sql = folder.appendingPathComponent("sql")
            try FileManager.default.createDirectory(at: sql, withIntermediateDirectories: true)
            for artifact in try Glidepath.generate(plan) where artifact.path.hasPrefix("sql/") {
                try artifact.contents.write(
                    to: sql.appendingPathComponent(String(artifact.path.dropFirst(4))), atomically: true, encoding: .utf8)
            }
            try source.execute("postgres", "CREATE DATABASE app")
            try target.execute("postgres", "CREATE DATABASE orders")
            let seed = try source.psql("app", file: MoveOnPostgresTests.fixtures + "/before.sql")
            try #require(seed.status == 0, "\(seed.errors)")
        }

        func stop() {
            source.stop()
            target.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        /// A step's commands, one shell, as a person pastes them: from the folder that holds
        /// sql/, stopping at the first failure.
        func run(_ kind: MovePlan.Step.Kind) throws -> TimedRun {
            let step = try #require(move.step(kind))
            let script = (["set -e", "cd \(folder.path)"] + step.commands.map(\.shellText)).joined(separator: "\n")
            return try timedRun(
                "/bin/sh", ["-c", script],
                environment: [
                    move.source.variable: source.uri("app"), move.target.variable: target.uri("orders"),
                    "PATH": source.binaries + ":/usr/bin:/bin",
                ])
        }

        /// Every row of orders on each side, by key, as the MD5 of its text.
        func rows(_ server: PostgresServer, _ database: String) throws -> [String: String] {
            let text = try server.execute(database, "SELECT id, md5(o::text) FROM public.orders o ORDER BY id")
            var rows: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: "|")
                if fields.count == 2 { rows[String(fields[0])] = String(fields[1]) }
            }
            return rows
        }

        /// Rows lost (on the authoritative side only), resurrected (only on the copy), stale (different).
        func parity(authoritative: (PostgresServer, String), copy: (PostgresServer, String)) throws -> (
            lost: Int, resurrected: Int, stale: Int
        ) {
            let truth = try rows(authoritative.0, authoritative.1)
            let copied = try rows(copy.0, copy.1)
            let lost = truth.keys.filter { copied[$0] == nil }.count
            let resurrected = copied.keys.filter { truth[$0] == nil }.count
            let stale = truth.filter { key, digest in copied[key].map { $0 != digest } ?? false }.count
            return (lost, resurrected, stale)
        }
    }

    static func seconds(in text: String, after label: String) -> Double? {
        // PostgreSQL prints an interval as HH:MM:SS.ffffff.
        guard let range = text.range(of: label) else { return nil }
        let value = text[range.upperBound...].prefix { $0.isNumber || $0 == ":" || $0 == "." }
        let parts = value.split(separator: ":").compactMap { Double($0) }
        guard parts.count == 3 else { return nil }
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    }

    @Test func theWholeCycleLosesNothingAndEachHazardIsCaught() throws {
        let setup = try Setup(spec: String(contentsOfFile: packageRoot + "/examples/orders-extraction.yaml", encoding: .utf8))
        defer { setup.stop() }
        let source = (setup.source, "app")
        let target = (setup.target, "orders")
        let rows = Int(try setup.source.execute("app", "SELECT count(*) FROM orders")) ?? 0

        // The application writes to the source from now until the freeze.
        var load = LoadGenerator(
            server: setup.source, database: "app", writeScript: Self.fixtures + "/write.pgbench",
            readScript: Self.fixtures + "/read.pgbench")
        try load.start()
        var loads: [LoadGenerator.Figures] = []
        var stopped = false
        defer { if !stopped { _ = load.finish() } }

        let preflight = try setup.run(.preflight)
        try #require(preflight.status == 0, "preflight: \(preflight.errors)")
        let replicate = try setup.run(.replicate)
        try #require(replicate.status == 0, "replicate: \(replicate.errors)")
        let copySeconds = replicate.seconds
        #expect(try setup.run(.replicate).status == 0, "every replication step runs again as a no-op")

        // The checkpoint, again and again under load: the worst time the target took to
        // reach the source's position, and the slot's health.
        var worstLag = 0.0
        for _ in 0..<8 {
            let checkpoint = try setup.run(.checkpoint)
            #expect(checkpoint.status == 0, "checkpoint: \(checkpoint.errors.suffix(600))")
            let caught = checkpoint.errors.range(of: "caught up with ").map { String(checkpoint.errors[$0.upperBound...]) } ?? ""
            worstLag = max(worstLag, Self.seconds(in: caught, after: " in ") ?? 0)
            Thread.sleep(forTimeInterval: 1)
        }

        // Hazard: a cutover before the target caught up loses rows. The subscription stops, the
        // source freezes: the copy misses what the writer wrote since, the per-row comparison
        // counts it, and the parity file refuses it.
        try setup.target.execute("orders", "ALTER SUBSCRIPTION \(setup.move.name) DISABLE")
        Thread.sleep(forTimeInterval: 2)
        let early = try setup.run(.cutover)
        #expect(early.status != 0, "the cutover must not pass while the target is behind")
        #expect(early.errors.contains("has not reached"), "it stops at the catch-up wait: \(early.errors.suffix(400))")
        loads.append(load.finish())
        let behind = try setup.parity(authoritative: source, copy: target)
        #expect(behind.lost + behind.resurrected + behind.stale > 0, "the target was behind: \(behind)")
        let skipped = try timedRun(
            "/bin/sh",
            [
                "-c",
                "cd \(setup.folder.path) && psql -X -q -d \"$S\" -f sql/\(MovePlan.File.parityExpected.rawValue) | psql -X -q -v ON_ERROR_STOP=1 -d \"$T\" -f sql/\(MovePlan.File.parityCompare.rawValue)",
            ],
            environment: ["S": setup.source.uri("app"), "T": setup.target.uri("orders"), "PATH": setup.source.binaries + ":/usr/bin:/bin"])
        #expect(
            skipped.status != 0 && skipped.errors.contains("parity broken"),
            "row-by-row verification refuses it: \(skipped.errors.suffix(300))")

        // Hazard: a target whose sequence was never set hands out the source's keys again.
        let duplicate = try setup.target.psql(
            "orders",
            command:
                "BEGIN; SET LOCAL session_replication_role = replica; INSERT INTO orders (user_id, sku, qty) VALUES (1, 'x', 1); ROLLBACK;")
        #expect(duplicate.status != 0 && duplicate.errors.contains("duplicate key"), "\(duplicate.errors)")

        // Called off: the source opens again, the subscription resumes, the writer goes on.
        let reopen = try timedRun(
            "/bin/sh", ["-c", "cd \(setup.folder.path) && psql -X -q -v ON_ERROR_STOP=1 -d \"$S\" -f sql/\(MovePlan.File.open.rawValue)"],
            environment: ["S": setup.source.uri("app"), "PATH": setup.source.binaries + ":/usr/bin:/bin"])
        try #require(reopen.status == 0, "\(reopen.errors)")
        try setup.target.execute("orders", "ALTER SUBSCRIPTION \(setup.move.name) ENABLE")
        load = LoadGenerator(
            server: setup.source, database: "app", writeScript: Self.fixtures + "/write.pgbench",
            readScript: Self.fixtures + "/read.pgbench")
        try load.start()
        Thread.sleep(forTimeInterval: 5)
        #expect(try setup.run(.checkpoint).status == 0)

        // The cutover, while the writer writes: it is frozen out (SQLSTATE 25006), nothing is lost.
        let cutover = try setup.run(.cutover)
        try #require(cutover.status == 0, "cutover: \(cutover.errors)")
        let freezeWindow = cutover.seconds
        loads.append(load.finish())
        stopped = true
        #expect(loads.last?.abortedSegments.contains { $0.contains("frozen for the move") } == true, "the freeze stopped the writer")
        let atCutover = try setup.parity(authoritative: source, copy: target)
        #expect(atCutover.lost == 0 && atCutover.resurrected == 0 && atCutover.stale == 0, "after the cutover: \(atCutover)")
        let refused = try setup.source.psql("app", command: "INSERT INTO orders (user_id, sku, qty) VALUES (1, 'late', 1)")
        #expect(refused.status != 0 && refused.errors.contains("frozen for the move"), "the source stays closed to the application")

        // Writes on the target: the sequence is past the source's, and reverse replication
        // keeps the source current.
        let targetLoad = LoadGenerator(
            server: setup.target, database: "orders", writeScript: Self.fixtures + "/write.pgbench",
            readScript: Self.fixtures + "/read.pgbench")
        try targetLoad.start()
        Thread.sleep(forTimeInterval: 6)
        let onTarget = targetLoad.finish()
        #expect(onTarget.abortedSegments.isEmpty, "writes on the target: \(onTarget.abortedSegments.prefix(2))")

        // The rollback, the mirror cutover: nothing the target took is lost.
        let rollback = try setup.run(.rollback)
        try #require(rollback.status == 0, "rollback: \(rollback.errors)")
        let rollbackWindow = rollback.seconds
        let back = try setup.parity(authoritative: target, copy: source)
        #expect(back.lost == 0 && back.resurrected == 0 && back.stale == 0, "after the rollback: \(back)")
        let resumed = try setup.source.psql("app", command: "INSERT INTO orders (user_id, sku, qty) VALUES (1, 'after rollback', 1)")
        #expect(resumed.status == 0, "the source takes writes again, past the target's keys: \(resumed.errors)")

        // The clean-up leaves no replication object behind, on either side.
        let cleanup = try setup.run(.cleanup)
        #expect(cleanup.status == 0, "cleanup: \(cleanup.errors)")
        for (server, database) in [source, target] {
            let left = try server.execute(
                database,
                "SELECT (SELECT count(*) FROM pg_subscription) + (SELECT count(*) FROM pg_publication) + (SELECT count(*) FROM pg_replication_slots)"
                    + " + (SELECT count(*) FROM pg_event_trigger) + (SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'glidepath%')")
            #expect(left == "0", "replication objects left on \(database)")
        }
        #expect(try setup.run(.cleanup).status == 0, "the clean-up runs again as a no-op")

        let written = loads.reduce(0) { $0 + $1.transactions }
        let seconds = loads.reduce(0) { $0 + $1.seconds }
        print(
            """
            table move orders-extraction: \(rows) rows; writer \(written) transactions in \(String(format: "%.1f", seconds))s \
            (\(Int(Double(written) / max(seconds, 0.001)))/s), then \(onTarget.transactions) on the target; initial copy (replicate step) \
            \(String(format: "%.2f", copySeconds))s; worst lag \(String(format: "%.3f", worstLag))s; write freeze \
            \(String(format: "%.2f", freezeWindow))s; rollback freeze \(String(format: "%.2f", rollbackWindow))s; \
            behind at the early cutover: \(behind.lost) lost, \(behind.resurrected) resurrected, \(behind.stale) stale
            """)
    }

    /// A table with no primary key and no replica identity: once published, the source's own
    /// UPDATEs and DELETEs of it fail, which is why the preflight refuses it.
    @Test func aTableWithoutReplicaIdentityIsRefused() throws {
        let spec = try String(contentsOfFile: packageRoot + "/examples/orders-extraction.yaml", encoding: .utf8)
            .replacingOccurrences(
                of: "      - { table: public.orders, key: id }\n",
                with: "      - { table: public.orders, key: id }\n      - { table: public.audit_log, key: at }\n")
        let setup = try Setup(spec: spec)
        defer { setup.stop() }
        let preflight = try setup.run(.preflight)
        #expect(preflight.status != 0)
        #expect(preflight.errors.contains("table public.audit_log has no primary key and no replica identity"), "\(preflight.errors)")
        try setup.source.execute("app", "CREATE PUBLICATION proof FOR TABLE public.audit_log")
        let update = try setup.source.psql("app", command: "UPDATE public.audit_log SET note = 'changed'")
        #expect(update.status != 0 && update.errors.contains("does not have a replica identity"), "\(update.errors)")
    }
}
