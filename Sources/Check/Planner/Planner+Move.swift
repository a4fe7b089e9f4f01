import Plan
import Spec
import Units

extension Planner {
    /// The move's plan: names, files, and every step's commands, each a program with its
    /// arguments (connection URIs only ever read from environment variables at run time).
    static func movePlan(_ data: Spec.DataPlan, migration: String) -> MovePlan? {
        guard let move = data.move else { return nil }
        let qualified = { (name: String) in name.contains(".") ? name : "public." + name }
        let base = "glidepath_" + String(migration.map { $0 == "-" ? "_" : $0 }.prefix(40))
        let source = MovePlan.Endpoint(variable: move.source.variable.value, database: move.source.database)
        let target = MovePlan.Endpoint(variable: move.target.variable.value, database: move.target.database)
        var plan = MovePlan(
            tables: move.tables.map { .init(name: qualified($0.table.value), key: $0.key.value) },
            sequences: move.sequences.map { qualified($0.value) }, source: source, target: target, maxLag: move.maxLag,
            rollbackWindow: move.rollbackWindow, rangeSize: move.rangeSize, moment: move.at.value,
            postgresVersion: data.postgresVersion.value, lockTimeout: data.lockTimeout, statementTimeout: data.statementTimeout,
            name: base, steps: [])
        plan.steps = MoveCommands(plan: plan).steps
        return plan
    }
}

/// The commands of the move's steps. Every psql line runs from the folder that holds `sql/`,
/// without ~/.psqlrc, stopping at the first error; the value of one step that the next needs
/// (a position in the write-ahead log) passes through a shell variable.
struct MoveCommands {
    let plan: MovePlan

    typealias Word = Command.Word

    func psql(_ endpoint: MovePlan.Endpoint, _ file: MovePlan.File?, _ variables: [Word] = []) -> [Word] {
        var words: [Word] = [.text("psql"), .text("-X"), .text("-q"), .text("-v"), .text("ON_ERROR_STOP=1"), .text("-d")]
        words.append(.variable(prefix: "", name: endpoint.variable))
        for variable in variables { words += [.text("-v"), variable] }
        if let file { words += [.text("-f"), .text(file.path)] }
        return words
    }

    /// One side's printed SQL run on the other, by a file that refuses an incomplete listing
    /// (the printing side failed halfway), so a pipeline never passes on half its input.
    func piped(_ from: MovePlan.Endpoint, _ file: MovePlan.File, into: MovePlan.Endpoint, by reader: MovePlan.File) -> Command {
        .pipeline([psql(from, file), psql(into, reader)])
    }

    func waitFor(_ position: String, on endpoint: MovePlan.Endpoint, subscription: String) -> Command {
        .words(
            psql(
                endpoint, .caughtUp,
                [
                    .variable(prefix: "position=", name: position), .text("within=\(plan.maxLag.milliseconds)ms"),
                    .text("subscription=\(subscription)"),
                ]))
    }

    var steps: [MovePlan.Step] {
        let source = plan.source
        let target = plan.target
        let dump: [Word] =
            [.text("pg_dump"), .text("--schema-only"), .text("--no-owner")]
            + plan.tables.flatMap { [Word.text("-t"), .text($0.name)] } + [.text("-d"), .variable(prefix: "", name: source.variable)]
        var cutover: [Command] = [
            .capture(variable: "FREEZE_POSITION", pipeline: [psql(source, .freeze)]),
            waitFor("FREEZE_POSITION", on: target, subscription: plan.name),
            piped(source, .sequences, into: target, by: .sequencesApply),
            piped(source, .parityExpected, into: target, by: .parityCompare),
        ]
        if plan.dropsForwardFirst { cutover.append(.words(psql(target, .dropForward))) }
        cutover += [
            .words(psql(target, .reversePublish)),
            .words(psql(source, .reverseSubscribe, [.variable(prefix: "target_uri=", name: target.variable)])),
            .words(psql(target, .open)),
        ]
        return [
            MovePlan.Step(
                kind: .preflight,
                commands: [.words(psql(source, .preflight)), piped(source, .requirements, into: target, by: .requirementsCheck)]),
            MovePlan.Step(
                kind: .replicate,
                commands: [
                    .words(psql(source, .publish)),
                    .pipeline([dump, psql(target, .schema)]),
                    .words(psql(target, .subscribe, [.variable(prefix: "source_uri=", name: source.variable)])),
                    .words(psql(target, .copy)),
                ]),
            MovePlan.Step(
                kind: .checkpoint,
                commands: [
                    .capture(variable: "SOURCE_POSITION", pipeline: [psql(source, .position)]),
                    waitFor("SOURCE_POSITION", on: target, subscription: plan.name),
                    .words(psql(source, .slot)),
                ]),
            MovePlan.Step(kind: .cutover, commands: cutover),
            MovePlan.Step(
                kind: .rollback,
                commands: [
                    .capture(variable: "BACK_POSITION", pipeline: [psql(target, .freeze)]),
                    waitFor("BACK_POSITION", on: source, subscription: plan.reverseName),
                    piped(target, .sequences, into: source, by: .sequencesApply),
                    piped(target, .parityExpected, into: source, by: .parityCompare),
                    .words(psql(source, .dropReverse)),
                    .words(psql(source, .open)),
                ]),
            MovePlan.Step(kind: .cleanup, commands: [.words(psql(source, .cleanupSource)), .words(psql(target, .cleanupTarget))]),
        ]
    }
}
