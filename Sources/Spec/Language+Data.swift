import Diagnostics

extension Language {
    /// The expand/contract data plan: compiled to the SQL phase files under `sql/`.
    enum DataPlan {
        static let object = ObjectType(
            "DataPlan", "Schema and data changes, in expand/contract phases.",
            fields: [
                Field(
                    "engine", .choice(["postgres", "mysql"]), default: .literal(.string("postgres")),
                    "Database engine. SQL is generated for `postgres`; `mysql` is reserved and rejected for now."),
                Field(
                    "postgresVersion", .integer(min: 11, max: 18), default: .literal(.int(14)),
                    "Major PostgreSQL version the SQL runs on (the default is the oldest release the PostgreSQL project still supports); the SQL lint's version-dependent rules follow it (docs/sql-lint.md)."
                ),
                Field("database", .text(.text), example: "app", "Database name, for people (the connection names the server)."),
                Field(
                    "runner", .choice(["person", "cluster"]), default: .literal(.string("person")),
                    "Who runs the SQL phases. `person`: someone with database access runs the psql line the runbook shows. "
                        + "`cluster`: Kubernetes Jobs run the same command, ordered by the tools that own the order: expand as an "
                        + "Argo CD PreSync hook, backfill, validate and verify as Argo Rollouts `job` metrics at the steps the plan "
                        + "schedules them, the repair and the way back as suspended CronJobs the runbook starts with one command, "
                        + "and the contract only through `runContract`."),
                Field(
                    "jobImage", .text(.image), default: .derived("`postgres:<postgresVersion>-alpine`"),
                    "runner `cluster`: the image with psql the Jobs run."),
                Field(
                    "runContract", .boolean, default: .literal(.bool(false)),
                    "runner `cluster`: generate the contract's Job. Set it in a pull request of its own once the point of no "
                        + "return is signed off: `glidepath publish` refuses it without that sign-off, and "
                        + "`check-repo --require-sign-off point-of-no-return` gates the pull request."),
                Field(
                    "connection", .object(connection), default: .literal(.object([])),
                    "How the SQL phases reach the database. No credential is ever written in a spec or a generated file."),
                Field(
                    "lockTimeout", .duration, default: .literal(.string("2s")),
                    "`lock_timeout` of every phase, so no statement queues behind a lock for long."),
                Field("statementTimeout", .duration, default: .literal(.string("5m")), "`statement_timeout` of every phase."),
                Field(
                    "schedule", .object(schedule), default: .literal(.object([])),
                    "When each data step runs, relative to the canary steps."),
                Field(
                    "expand", .list(.object(expandOperation), minItems: 0), default: .literal(.array([])),
                    "Additive changes applied before the first canary weight."),
                Field("backfill", .object(backfill), "Copying existing rows to the new structure."),
                Field(
                    "move", .object(move),
                    "Moving tables to another PostgreSQL database with logical replication, instead of expand/contract in one: "
                        + "preflight, replication with its lag and slot checks, a cutover that freezes writes and verifies every row, "
                        + "reverse replication for the rollback window, and the clean-up."),
                Field("verify", .object(verify), default: .literal(.object([])), "Parity checks between old and new."),
                Field(
                    "contract", .list(.object(contractOperation), minItems: 0), default: .literal(.array([])),
                    "Removals, only after 100% and the soak period."),
            ])

        static let move = ObjectType(
            "TableMove", "Tables moved from one PostgreSQL database to another while both serve traffic.",
            fields: [
                Field("tables", .list(.object(movedTable), minItems: 1), required: true, "The tables that move, with their keys."),
                Field(
                    "sequences", .list(.text(.sqlIdentifier), minItems: 0), default: .literal(.array([])),
                    example: "[public.orders_id_seq]",
                    "Sequences the moved tables' columns own; the cutover sets each on the target past the source's value. "
                        + "The preflight refuses an owned sequence missing here."),
                Field("source", .object(moveEndpoint), required: true, "The database the tables leave."),
                Field("target", .object(moveEndpoint), required: true, "The database the tables move to."),
                Field(
                    "maxLag", .duration, default: .literal(.string("5s")),
                    "How long the target may take to reach the source's current position: the replication checkpoint and the "
                        + "cutover's catch-up wait."),
                Field(
                    "rollbackWindow", .duration, default: .literal(.string("72h")),
                    "How long reverse replication keeps the source current after the cutover, so rolling back loses nothing."),
                Field(
                    "rangeSize", .integer(min: 100, max: 10_000_000), default: .literal(.int(10_000)),
                    "Rows per key range the row-by-row verification hashes; each range's rows must fit in memory as text."),
                Field(
                    "at", .text(.moment), default: .literal(.string("before-rollout")),
                    "When the cutover happens, relative to the canary steps."),
            ])

        static let movedTable = ObjectType(
            "MovedTable", "One table that moves.",
            fields: [
                Field(
                    "table", .text(.sqlIdentifier), required: true, example: "public.orders", "The table, schema-qualified or in public."),
                Field("key", .text(.sqlIdentifier), default: .literal(.string("id")), "Its primary key column, the order of verification."),
            ])

        static let moveEndpoint = ObjectType(
            "MoveEndpoint", "A database of the move, reached through an environment variable that holds its connection URI.",
            fields: [
                Field(
                    "variable", .text(.environmentName), required: true, example: "MONOLITH_DATABASE_URL",
                    "Environment variable that holds the libpq connection URI; no credential is ever written into a spec or "
                        + "a generated file. The subscription on the other side is created from this value too."),
                Field("database", .text(.text), example: "orders", "The database's name, for people."),
            ])

        static let connection = ObjectType(
            "DatabaseConnection",
            "Where the connection string comes from: an environment variable for people, a Kubernetes Secret for Jobs.",
            fields: [
                Field(
                    "variable", .text(.environmentName), default: .derived("`<SERVICE>_DATABASE_URL`"),
                    example: "ORDERS_DATABASE_URL",
                    "Environment variable that holds the libpq connection URI (`postgresql://HOST/DATABASE`) when a person "
                        + "runs a phase: every psql line reads it with `-d`, and the runbook says where it comes from."),
                Field(
                    "secret", .text(.dnsLabel), example: "orders-db",
                    "runner `cluster`: the Secret in the migration's namespace that holds the connection URI; the Jobs read it "
                        + "into the same variable. Required with runner `cluster`."),
                Field("secretKey", .text(.kubernetesLabelKey), default: .literal(.string("uri")), "The key of that Secret."),
            ])

        static let schedule = ObjectType(
            "DataSchedule",
            "When a data step runs: `before-rollout`, `N%` (at the canary step of that weight, before the rollout moves on) or `after-rollout` (at 100%, before the soak).",
            fields: [
                Field(
                    "expand", .text(.moment), default: .literal(.string("before-rollout")),
                    "When the expand phase is applied; the canary's first pods need it, so it must be `before-rollout`."),
                Field(
                    "backfill", .text(.moment), default: .literal(.string("before-rollout")),
                    "When the backfill and its verification run."),
                Field(
                    "readFlip", .text(.moment), default: .derived("the highest hold point below 100%, else `after-rollout`"),
                    "When reads flip to the new store (`flags.readFlip`); never before the backfill is verified."),
            ])

        static let expandOperation = ObjectType(
            "ExpandOperation", "One additive change; set exactly one field (plus `undo` next to `sql`).",
            rules: [.exactlyOne(["addColumn", "createTable", "createIndex", "addConstraint", "dualWriteTrigger", "sql"])],
            fields: [
                Field("addColumn", .object(addColumn), "Add a column."),
                Field("createTable", .object(createTable), "Create a table."),
                Field("createIndex", .object(createIndex), "Create an index concurrently."),
                Field("addConstraint", .object(addConstraint), "Add a constraint as NOT VALID, validated later."),
                Field("dualWriteTrigger", .object(dualWriteTrigger), "A database trigger that copies writes old -> new."),
                Field("sql", .text(.sql), "Raw SQL, checked by PostgreSQL's parser and the safety lint; it must be safe to re-run."),
                Field("undo", .text(.sql), "SQL that undoes `sql`, for the rollback file."),
                acknowledge,
            ])

        /// An accepted risk next to raw SQL, shown to reviewers in the runbook.
        static let acknowledge = Field(
            "acknowledge", .dictionary(key: .dnsLabel, value: .text(.text)), default: .literal(.object([])),
            example: "{ sql-set-not-null: \"orders has 2,000 rows; the scan takes milliseconds\" }",
            "Next to `sql`: SQL lint rules (docs/sql-lint.md) accepted for this SQL, each with the reason; the runbook lists them.")

        static let addColumn = ObjectType(
            "AddColumn", "A new column.",
            fields: [
                Field("table", .text(.sqlIdentifier), required: true, example: "orders", "Table."),
                Field("column", .text(.sqlIdentifier), required: true, example: "shipping_zone", "Column."),
                Field("type", .text(.text), required: true, example: "text", "SQL type."),
                Field("nullable", .boolean, default: .literal(.bool(true)), "Whether NULL is allowed."),
                Field("default", .text(.sql), "Default expression (must not be volatile)."),
            ])

        static let column = ObjectType(
            "Column", "A column of a new table.",
            fields: [
                Field("name", .text(.sqlIdentifier), required: true, "Column name."),
                Field("type", .text(.text), required: true, "SQL type."),
                Field("nullable", .boolean, default: .literal(.bool(true)), "Whether NULL is allowed."),
                Field("primaryKey", .boolean, default: .literal(.bool(false)), "Part of the primary key."),
            ])

        static let createTable = ObjectType(
            "CreateTable", "A new table.",
            fields: [
                Field("name", .text(.sqlIdentifier), required: true, example: "orders_v2", "Table name."),
                Field("columns", .list(.object(column), minItems: 1), required: true, "Columns."),
            ])

        static let createIndex = ObjectType(
            "CreateIndex", "A new index, built concurrently.",
            fields: [
                Field("table", .text(.sqlIdentifier), required: true, "Table."),
                Field("name", .text(.sqlIdentifier), required: true, "Index name."),
                Field("columns", .list(.text(.sqlIdentifier), minItems: 1), required: true, "Indexed columns."),
                Field("unique", .boolean, default: .literal(.bool(false)), "Unique index."),
            ])

        static let addConstraint = ObjectType(
            "AddConstraint", "A new constraint; exactly one of `check` and `foreignKey`.",
            rules: [.exactlyOne(["check", "foreignKey"])],
            fields: [
                Field("table", .text(.sqlIdentifier), required: true, "Table."),
                Field("name", .text(.sqlIdentifier), required: true, "Constraint name."),
                Field("check", .text(.sql), "CHECK expression."),
                Field("foreignKey", .object(foreignKey), "Foreign key."),
            ])

        static let foreignKey = ObjectType(
            "ForeignKey", "A foreign key.",
            fields: [
                Field("columns", .list(.text(.sqlIdentifier), minItems: 1), required: true, "Referencing columns."),
                Field("references", .text(.sqlIdentifier), required: true, "Referenced table."),
                Field("referencedColumns", .list(.text(.sqlIdentifier), minItems: 1), required: true, "Referenced columns."),
            ])

        static let dualWriteTrigger = ObjectType(
            "DualWriteTrigger", "A trigger that mirrors writes from the old table into the new one.",
            fields: [
                Field("from", .text(.sqlIdentifier), required: true, "Old table."),
                Field("to", .text(.sqlIdentifier), required: true, "New table."),
                Field("columns", .list(.text(.sqlIdentifier), minItems: 1), required: true, "Columns copied."),
                Field(
                    "key", .text(.sqlIdentifier), default: .literal(.string("id")),
                    "Key column of both tables; the new table must have a unique index on it."),
            ])

        static let backfill = ObjectType(
            "Backfill",
            "Batched, resumable copy of rows: table to table, or column to column when `from` and `to` name the same table.",
            fields: [
                Field("from", .text(.sqlIdentifier), required: true, example: "orders", "Source table."),
                Field("to", .text(.sqlIdentifier), required: true, example: "orders_v2", "Target table."),
                Field("key", .text(.sqlIdentifier), default: .literal(.string("id")), "Key the batches page by."),
                Field(
                    "columns", .list(.text(.sqlIdentifier), minItems: 1), required: true,
                    "Target columns filled; for a table copy, include the key."),
                Field(
                    "transform", .dictionary(key: .sqlIdentifier, value: .text(.sql)), default: .literal(.object([])),
                    "SQL expression over the source row per target column, where it is not a plain copy (required for every column of an in-place backfill)."
                ),
                Field("batchSize", .integer(min: 1, max: 1_000_000), default: .literal(.int(1000)), "Rows per batch."),
                Field("sleep", .duration, default: .literal(.string("100ms")), "Pause between batches."),
            ])

        static let verify = ObjectType(
            "Verify", "How parity between old and new is checked.",
            fields: [
                Field("counts", .boolean, default: .literal(.bool(true)), "Compare row counts."),
                Field("sampleRate", .percent(max: 100), default: .literal(.number(0.1)), "Share of rows deep-compared."),
                Field(
                    "checksum", .boolean, default: .literal(.bool(false)),
                    "Compare every row (a full join on the key), not only a sample."),
                Field("maxMismatch", .percent(max: 100), default: .literal(.number(0.1)), "Highest tolerated mismatch rate."),
            ])

        static let contractOperation = ObjectType(
            "ContractOperation", "One removal; set exactly one field.",
            rules: [.exactlyOne(["dropColumn", "dropTable", "sql"])],
            fields: [
                Field("dropColumn", .object(dropColumn), "Drop a column."),
                Field("dropTable", .text(.sqlIdentifier), "Drop a table."),
                Field("sql", .text(.sql), "Raw SQL, checked by PostgreSQL's parser and the safety lint."),
                acknowledge,
            ])

        static let dropColumn = ObjectType(
            "DropColumn", "A column to drop.",
            fields: [
                Field("table", .text(.sqlIdentifier), required: true, "Table."),
                Field("column", .text(.sqlIdentifier), required: true, "Column."),
            ])
    }
}
