import Diagnostics

extension Language {
    /// The expand/contract data plan. Parsed and kept in the model; SQL generation builds on it.
    enum DataPlan {
        static let object = ObjectType(
            "DataPlan", "Schema and data changes, in expand/contract phases.",
            fields: [
                Field("engine", .choice(["postgres", "mysql"]), default: .literal(.string("postgres")), "Database engine."),
                Field("database", .text(.text), example: "app", "Database name."),
                Field("lockTimeout", .duration, default: .literal(.string("2s")),
                      "`lock_timeout` of every phase, so no statement queues behind a lock for long."),
                Field("statementTimeout", .duration, default: .literal(.string("5m")), "`statement_timeout` of every phase."),
                Field("expand", .list(.object(expandOperation), minItems: 0), default: .literal(.array([])),
                      "Additive changes applied before the first canary weight."),
                Field("backfill", .object(backfill), "Copying existing rows to the new structure."),
                Field("verify", .object(verify), default: .literal(.object([])), "Parity checks between old and new."),
                Field("contract", .list(.object(contractOperation), minItems: 0), default: .literal(.array([])),
                      "Removals, only after 100% and the soak period."),
            ])

        static let expandOperation = ObjectType(
            "ExpandOperation", "One additive change; set exactly one field.",
            rules: [.exactlyOne(["addColumn", "createTable", "createIndex", "addConstraint", "dualWriteTrigger", "sql"])],
            fields: [
                Field("addColumn", .object(addColumn), "Add a column."),
                Field("createTable", .object(createTable), "Create a table."),
                Field("createIndex", .object(createIndex), "Create an index concurrently."),
                Field("addConstraint", .object(addConstraint), "Add a constraint as NOT VALID, validated later."),
                Field("dualWriteTrigger", .object(dualWriteTrigger), "A database trigger that copies writes old -> new."),
                Field("sql", .text(.sql), "Raw SQL (linted)."),
            ])

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
            ])

        static let backfill = ObjectType(
            "Backfill", "Batched, resumable copy of rows from the old table to the new one.",
            fields: [
                Field("from", .text(.sqlIdentifier), required: true, example: "orders", "Source table."),
                Field("to", .text(.sqlIdentifier), required: true, example: "orders_v2", "Target table."),
                Field("key", .text(.sqlIdentifier), default: .literal(.string("id")), "Key the batches page by."),
                Field("columns", .list(.text(.sqlIdentifier), minItems: 1), required: true, "Columns copied."),
                Field("transform", .dictionary(.text(.sql)), default: .literal(.object([])),
                      "SQL expression per target column, where it is not a plain copy."),
                Field("batchSize", .integer(min: 1, max: 1_000_000), default: .literal(.int(1000)), "Rows per batch."),
                Field("sleep", .duration, default: .literal(.string("100ms")), "Pause between batches."),
            ])

        static let verify = ObjectType(
            "Verify", "How parity between old and new is checked.",
            fields: [
                Field("counts", .boolean, default: .literal(.bool(true)), "Compare row counts."),
                Field("sampleRate", .percent(max: 100), default: .literal(.number(0.1)), "Share of rows deep-compared."),
                Field("checksum", .boolean, default: .literal(.bool(false)), "Compare a checksum of every row."),
                Field("maxMismatch", .percent(max: 100), default: .literal(.number(0.1)), "Highest tolerated mismatch rate."),
            ])

        static let contractOperation = ObjectType(
            "ContractOperation", "One removal; set exactly one field.",
            rules: [.exactlyOne(["dropColumn", "dropTable", "sql"])],
            fields: [
                Field("dropColumn", .object(dropColumn), "Drop a column."),
                Field("dropTable", .text(.sqlIdentifier), "Drop a table."),
                Field("sql", .text(.sql), "Raw SQL (linted)."),
            ])

        static let dropColumn = ObjectType(
            "DropColumn", "A column to drop.",
            fields: [
                Field("table", .text(.sqlIdentifier), required: true, "Table."),
                Field("column", .text(.sqlIdentifier), required: true, "Column."),
            ])
    }
}
