// The lock levels and rewrite behaviour below follow PostgreSQL's documentation of each
// statement (sql-altertable.html "Notes", sql-createindex.html "Building Indexes
// Concurrently", sql-reindex.html, sql-altertype.html, explicit-locking.html); the catalogue of
// hazards is the one squawk's and strong_migrations' documentation describe, held against the
// phase the SQL runs in.
extension SQLRule {
    static let all: [SQLRule] = [
        rename, dropBeforeContract, dropDatabase, dropIndexNotConcurrent, truncate, indexNotConcurrent,
        concurrentInTransaction, transactionLeftOpen, unbatchedWrite, explicitLock, tableRewrite, reindexNotConcurrent,
        detachPartitionNotConcurrent, noInherit, typeChange, typeWidening, setNotNull, dropNotNull, dropDefault,
        notNullWithoutDefault, volatileDefault, serialColumn, storedGeneratedColumn, inlineForeignKey, jsonColumn,
        inlineIndex, constraintValidated, validateInSameTransaction, exclusionConstraint, domainWithCheck,
        domainAddConstraint, setSchema, generatedExpressionChange, identityChange, sequenceChange, disableTrigger,
        replicaIdentity, revoke, createOrReplace, enumValueInTransaction, enumValueOrder, identifierTooLong, notRerunnable,
    ]

    static let rename = SQLRule(
        id: "rename", severity: .error, scope: .everyPhase,
        problem: "renaming a table or column breaks the old code that still uses the old name",
        remedy: "add the new name (addColumn or createTable), dual-write, backfill, and drop the old one in contract",
        unsafe: .init(.expand, "ALTER TABLE orders RENAME COLUMN zone TO shipping_zone;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipping_zone text;"))

    static let dropBeforeContract = SQLRule(
        id: "drop-before-contract", severity: .error, scope: .beforeContract,
        problem: "DROP before the contract phase removes what the old code and a rollback still need",
        remedy: "move the removal to 'contract', which runs only after 100% and the soak",
        unsafe: .init(.expand, "ALTER TABLE orders DROP COLUMN IF EXISTS legacy_zone;"),
        safe: .init(.contract, "ALTER TABLE orders DROP COLUMN IF EXISTS legacy_zone;"))

    static let dropDatabase = SQLRule(
        id: "drop-database", severity: .error, scope: .everyPhase,
        problem: "DROP DATABASE removes every table at once, with no undo, whatever the phase",
        remedy: "drop the migration's own tables in contract; retire a database outside the migration",
        unsafe: .init(.contract, "DROP DATABASE legacy;"),
        safe: .init(.contract, "DROP TABLE IF EXISTS legacy_orders;"))

    static let dropIndexNotConcurrent = SQLRule(
        id: "drop-index-not-concurrent", severity: .error, scope: .everyPhase,
        problem: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, in contract too",
        remedy: "DROP INDEX CONCURRENTLY IF EXISTS, outside a transaction block",
        unsafe: .init(.contract, "DROP INDEX IF EXISTS orders_zone_idx;"),
        safe: .init(.contract, "DROP INDEX CONCURRENTLY IF EXISTS orders_zone_idx;"))

    static let truncate = SQLRule(
        id: "truncate", severity: .error, scope: .everyPhase,
        problem: "TRUNCATE deletes every row under an ACCESS EXCLUSIVE lock",
        remedy: "delete in batches in a backfill, or drop the table in contract",
        unsafe: .init(.contract, "TRUNCATE orders_archive;"),
        safe: .init(.contract, "DROP TABLE IF EXISTS orders_archive;"))

    static let indexNotConcurrent = SQLRule(
        id: "index-not-concurrent", severity: .error, scope: .everyPhase,
        problem: "CREATE INDEX without CONCURRENTLY blocks every write to the table while it builds",
        remedy: "use 'createIndex' (built CONCURRENTLY) or CREATE INDEX CONCURRENTLY IF NOT EXISTS",
        unsafe: .init(.expand, "CREATE INDEX IF NOT EXISTS orders_zone_idx ON orders (shipping_zone);"),
        safe: .init(.expand, "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_zone_idx ON orders (shipping_zone);"))

    static let concurrentInTransaction = SQLRule(
        id: "concurrent-in-transaction", severity: .error, scope: .everyPhase,
        problem: "a CONCURRENTLY operation cannot run inside a transaction block: PostgreSQL refuses it and the phase stops",
        remedy: "run it on its own, outside BEGIN ... COMMIT",
        unsafe: .init(
            .expand, "BEGIN;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_zone_idx ON orders (shipping_zone);\nCOMMIT;"),
        safe: .init(.expand, "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_zone_idx ON orders (shipping_zone);"))

    static let transactionLeftOpen = SQLRule(
        id: "transaction-left-open", severity: .error, scope: .everyPhase,
        problem: "the SQL opens a transaction and never ends it: its locks are held until the session ends",
        remedy: "end it with COMMIT in the same snippet",
        unsafe: .init(.expand, "BEGIN;\nALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;"),
        safe: .init(.expand, "BEGIN;\nALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;\nCOMMIT;"))

    static let unbatchedWrite = SQLRule(
        id: "unbatched-write", severity: .warning, scope: .beforeContract,
        problem: "an UPDATE or DELETE over a whole table holds its row locks until it commits",
        remedy:
            "use 'backfill', which writes in batches with a pause between them, or bound each run (WHERE key BETWEEN ..., or a LIMIT subquery)",
        unsafe: .init(.expand, "UPDATE orders SET shipping_zone = 'eu' WHERE shipping_zone IS NULL;"),
        safe: .init(.expand, "UPDATE orders SET shipping_zone = 'eu' WHERE id BETWEEN 1 AND 10000 AND shipping_zone IS NULL;"))

    static let explicitLock = SQLRule(
        id: "explicit-lock", severity: .warning, scope: .everyPhase,
        problem: "LOCK TABLE queues every other statement behind it",
        remedy: "remove it; lock_timeout already bounds every statement's wait",
        unsafe: .init(.expand, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;"))

    static let tableRewrite = SQLRule(
        id: "table-rewrite", severity: .error, scope: .everyPhase,
        problem: "VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock",
        remedy: "use pg_repack, or leave it out of the migration",
        unsafe: .init(.contract, "VACUUM FULL orders;"),
        safe: .init(.contract, "VACUUM (ANALYZE) orders;"))

    static let reindexNotConcurrent = SQLRule(
        id: "reindex-not-concurrent", severity: .error, scope: .everyPhase,
        problem: "REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) while it rebuilds",
        remedy: "REINDEX ... CONCURRENTLY, outside a transaction block",
        version: "REINDEX CONCURRENTLY exists from PostgreSQL 12; before it, the remedy is a new index built CONCURRENTLY and a swap",
        unsafe: .init(.contract, "REINDEX INDEX orders_zone_idx;"),
        safe: .init(.contract, "REINDEX INDEX CONCURRENTLY orders_zone_idx;"))

    static let detachPartitionNotConcurrent = SQLRule(
        id: "detach-partition-not-concurrent", severity: .error, scope: .everyPhase,
        problem: "DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the partitioned table",
        remedy: "DETACH PARTITION ... CONCURRENTLY, outside a transaction block",
        version: "CONCURRENTLY exists from PostgreSQL 14; before it, detaching always locks the parent (plan a window)",
        unsafe: .init(.contract, "ALTER TABLE orders DETACH PARTITION orders_2019;"),
        safe: .init(.contract, "ALTER TABLE orders DETACH PARTITION orders_2019 CONCURRENTLY;"))

    static let noInherit = SQLRule(
        id: "no-inherit", severity: .error, scope: .beforeContract,
        problem: "NO INHERIT takes the child's rows out of every query on the parent that the old code still runs",
        remedy: "move it to contract, after the old code is gone",
        unsafe: .init(.expand, "ALTER TABLE orders_2019 NO INHERIT orders;"),
        safe: .init(.contract, "ALTER TABLE orders_2019 NO INHERIT orders;"))

    static let typeChange = SQLRule(
        id: "column-type-change", severity: .error, scope: .everyPhase,
        problem: "changing a column's type rewrites the table under an ACCESS EXCLUSIVE lock and breaks old code",
        remedy: "add a column of the new type, dual-write, backfill it, and drop the old column in contract",
        unsafe: .init(.expand, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS qty_big bigint;"))

    static let typeWidening = SQLRule(
        id: "column-type-widening", severity: .warning, scope: .everyPhase,
        problem:
            "changing a column to varchar or text skips the rewrite only when it widens a varchar (or drops its limit); the lint cannot see the live column",
        remedy: "confirm the column is varchar (or text) today and the new limit is larger, then acknowledge this rule with that reason",
        unsafe: .init(.expand, "ALTER TABLE orders ALTER COLUMN sku TYPE varchar(200);"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS sku_long text;"))

    static let setNotNull = SQLRule(
        id: "set-not-null", severity: .warning, scope: .everyPhase,
        problem: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock",
        remedy: "add CHECK (column IS NOT NULL) NOT VALID, validate it, then SET NOT NULL, which then skips the scan",
        version: "the validated CHECK lets SET NOT NULL skip the scan from PostgreSQL 12; before it the scan always happens",
        unsafe: .init(.contract, "ALTER TABLE orders ALTER COLUMN shipping_zone SET NOT NULL;"),
        safe: .init(
            .contract,
            "ALTER TABLE orders ADD CONSTRAINT orders_zone_not_null CHECK (shipping_zone IS NOT NULL) NOT VALID;\n"
                + "ALTER TABLE orders VALIDATE CONSTRAINT orders_zone_not_null;\n"
                + "ALTER TABLE orders ALTER COLUMN shipping_zone SET NOT NULL;"))

    static let dropNotNull = SQLRule(
        id: "drop-not-null", severity: .warning, scope: .beforeContract,
        problem: "DROP NOT NULL before contract lets the new code write NULLs that the old code may not expect",
        remedy: "keep the constraint until contract, or confirm the old code reads NULLs safely and acknowledge this rule",
        unsafe: .init(.expand, "ALTER TABLE orders ALTER COLUMN legacy_zone DROP NOT NULL;"),
        safe: .init(.contract, "ALTER TABLE orders ALTER COLUMN legacy_zone DROP NOT NULL;"))

    static let dropDefault = SQLRule(
        id: "drop-default", severity: .error, scope: .beforeContract,
        problem: "DROP DEFAULT before contract breaks the old code's inserts that leave the column out",
        remedy: "drop the default in contract, after the old code is gone",
        unsafe: .init(.expand, "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;"),
        safe: .init(.contract, "ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;"))

    static let notNullWithoutDefault = SQLRule(
        id: "not-null-without-default", severity: .error, scope: .everyPhase,
        problem: "a NOT NULL column without a default fails on existing rows and on inserts by old code",
        remedy: "make the column nullable, or give it a constant default",
        unsafe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text NOT NULL;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS region text NOT NULL DEFAULT 'eu';"))

    static let volatileDefault = SQLRule(
        id: "volatile-default", severity: .error, scope: .everyPhase,
        problem: "a volatile default rewrites the whole table under an ACCESS EXCLUSIVE lock",
        remedy: "add the column without a default, backfill it in batches, then set the default",
        version: "a constant default is stored in the catalog without a rewrite from PostgreSQL 11 (the oldest version glidepath targets)",
        unsafe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS token uuid DEFAULT gen_random_uuid();"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS token uuid;"))

    static let serialColumn = SQLRule(
        id: "serial-or-identity-column", severity: .error, scope: .everyPhase,
        problem:
            "adding a serial, bigserial or identity column fills every existing row from a sequence: a rewrite under an ACCESS EXCLUSIVE lock",
        remedy: "add a plain bigint column, backfill it in batches from a sequence, then set the default",
        unsafe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS seq bigserial;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS seq bigint;"))

    static let storedGeneratedColumn = SQLRule(
        id: "stored-generated-column", severity: .error, scope: .everyPhase,
        problem: "adding a GENERATED ... STORED column computes it for every row: a rewrite under an ACCESS EXCLUSIVE lock",
        remedy: "add a plain column, fill it with a backfill and keep it current from the code or a trigger",
        unsafe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS total numeric GENERATED ALWAYS AS (qty * price) STORED;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS total numeric;"))

    static let inlineForeignKey = SQLRule(
        id: "inline-foreign-key", severity: .error, scope: .everyPhase,
        problem: "a REFERENCES clause on ADD COLUMN is validated at once and locks the referenced table; it cannot be NOT VALID",
        remedy: "add the column, then ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID ('addConstraint' does), validated later",
        unsafe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS zone_id bigint REFERENCES zones (id);"),
        safe: .init(
            .expand,
            "ALTER TABLE orders ADD COLUMN IF NOT EXISTS zone_id bigint;\n"
                + "ALTER TABLE orders ADD CONSTRAINT orders_zone_fk FOREIGN KEY (zone_id) REFERENCES zones (id) NOT VALID;"))

    static let jsonColumn = SQLRule(
        id: "json-column", severity: .warning, scope: .everyPhase,
        problem: "json has no equality operator: SELECT DISTINCT, UNION and GROUP BY over the table fail once it exists",
        remedy: "use jsonb",
        unsafe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS attrs json;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS attrs jsonb;"))

    static let inlineIndex = SQLRule(
        id: "index-under-lock", severity: .error, scope: .everyPhase,
        problem: "a PRIMARY KEY or UNIQUE constraint builds its index while holding a lock that blocks writes",
        remedy: "build a unique index CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX",
        unsafe: .init(.expand, "ALTER TABLE orders ADD CONSTRAINT orders_sku_key UNIQUE (sku);"),
        safe: .init(
            .expand,
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_sku_key ON orders (sku);\n"
                + "ALTER TABLE orders ADD CONSTRAINT orders_sku_key UNIQUE USING INDEX orders_sku_key;"))

    static let constraintValidated = SQLRule(
        id: "constraint-without-not-valid", severity: .error, scope: .everyPhase,
        problem: "adding a CHECK or FOREIGN KEY constraint scans the table while blocking writes",
        remedy: "add it NOT VALID ('addConstraint' does), then VALIDATE CONSTRAINT in a later phase",
        unsafe: .init(.expand, "ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0);"),
        safe: .init(.expand, "ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;"))

    static let validateInSameTransaction = SQLRule(
        id: "validate-in-same-transaction", severity: .error, scope: .everyPhase,
        problem: "validating a constraint in the transaction that added it NOT VALID keeps the ADD's lock through the whole scan",
        remedy: "commit the NOT VALID constraint first; validate it in its own transaction",
        unsafe: .init(
            .expand,
            "BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;\n"
                + "ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_positive;\nCOMMIT;"),
        safe: .init(
            .expand,
            "ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;\n"
                + "ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_positive;"))

    static let exclusionConstraint = SQLRule(
        id: "exclusion-constraint", severity: .error, scope: .everyPhase,
        problem: "an EXCLUDE constraint builds its index under an ACCESS EXCLUSIVE lock, with no concurrent or NOT VALID form",
        remedy: "create it with a new table, fill that with a backfill, and move reads and writes over",
        unsafe: .init(.expand, "ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);"),
        safe: .init(
            .expand,
            "CREATE TABLE IF NOT EXISTS bookings_v2 (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));"
        ))

    static let domainWithCheck = SQLRule(
        id: "domain-with-check", severity: .warning, scope: .everyPhase,
        problem: "a domain's CHECK constraint can later only be changed by scanning every column of that domain",
        remedy: "put the CHECK on the table's columns (added NOT VALID), where it can be changed online",
        unsafe: .init(.expand, "CREATE DOMAIN positive_qty AS integer CHECK (VALUE > 0);"),
        safe: .init(.expand, "CREATE DOMAIN positive_qty AS integer;"))

    static let domainAddConstraint = SQLRule(
        id: "domain-add-constraint", severity: .error, scope: .everyPhase,
        problem: "ALTER DOMAIN ... ADD CONSTRAINT checks every column of that domain in every table while it locks them",
        remedy: "add it NOT VALID, then VALIDATE CONSTRAINT in a later phase",
        unsafe: .init(.expand, "ALTER DOMAIN positive_qty ADD CONSTRAINT positive CHECK (VALUE > 0);"),
        safe: .init(.expand, "ALTER DOMAIN positive_qty ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID;"))

    static let setSchema = SQLRule(
        id: "set-schema", severity: .error, scope: .beforeContract,
        problem: "SET SCHEMA moves the object away from the name the old code uses",
        remedy: "create the object in the new schema, dual-write and backfill, and drop the old one in contract",
        unsafe: .init(.expand, "ALTER TABLE orders SET SCHEMA archive;"),
        safe: .init(.contract, "ALTER TABLE orders SET SCHEMA archive;"))

    static let generatedExpressionChange = SQLRule(
        id: "generated-expression-change", severity: .error, scope: .beforeContract,
        problem:
            "changing or dropping a generated column's expression changes what the old code reads (and SET EXPRESSION rewrites the table)",
        remedy: "add a new column with the new expression, move readers to it, and drop the old one in contract",
        version:
            "ALTER COLUMN ... SET EXPRESSION is PostgreSQL 17 syntax, which glidepath's parser (PostgreSQL 15) does not read: it is reported as a syntax error naming both versions",
        unsafe: .init(.expand, "ALTER TABLE orders ALTER COLUMN total DROP EXPRESSION;"),
        safe: .init(.contract, "ALTER TABLE orders ALTER COLUMN total DROP EXPRESSION;"))

    static let identityChange = SQLRule(
        id: "identity-change", severity: .error, scope: .beforeContract,
        problem:
            "changing a column's identity changes which inserts succeed: old code that writes the key itself, or relies on its default, breaks",
        remedy: "change identity in contract, after the old code is gone",
        unsafe: .init(.expand, "ALTER TABLE orders ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;"),
        safe: .init(.contract, "ALTER TABLE orders ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;"))

    static let sequenceChange = SQLRule(
        id: "sequence-change", severity: .error, scope: .everyPhase,
        problem: "restarting a sequence or changing its bounds or step hands out keys that collide with existing rows or run out",
        remedy: "leave the sequence as it is; give the new table its own sequence or identity",
        unsafe: .init(.expand, "ALTER SEQUENCE orders_id_seq RESTART WITH 1;"),
        safe: .init(.expand, "ALTER SEQUENCE orders_id_seq CACHE 10;"))

    static let disableTrigger = SQLRule(
        id: "disable-trigger", severity: .error, scope: .everyPhase,
        problem: "DISABLE TRIGGER switches off dual writes and foreign-key enforcement for every session, not just this one",
        remedy: "leave triggers on; to skip one for a session, SET session_replication_role in that session",
        unsafe: .init(.expand, "ALTER TABLE orders DISABLE TRIGGER ALL;"),
        safe: .init(.expand, "ALTER TABLE orders ENABLE TRIGGER orders_dual_write;"))

    static let replicaIdentity = SQLRule(
        id: "replica-identity", severity: .warning, scope: .everyPhase,
        problem: "REPLICA IDENTITY changes what logical replication and change-data capture see of every update and delete",
        remedy: "agree it with the owners of the replication and CDC consumers, then acknowledge this rule",
        unsafe: .init(.expand, "ALTER TABLE orders REPLICA IDENTITY FULL;"),
        safe: .init(.expand, "COMMENT ON TABLE orders IS 'replicated by primary key';"))

    static let revoke = SQLRule(
        id: "revoke", severity: .error, scope: .beforeContract,
        problem: "REVOKE before contract takes away a privilege the old code may still use",
        remedy: "revoke in contract, after the old code is gone",
        unsafe: .init(.expand, "REVOKE SELECT ON orders FROM reporting;"),
        safe: .init(.contract, "REVOKE SELECT ON orders FROM reporting;"))

    static let createOrReplace = SQLRule(
        id: "create-or-replace", severity: .warning, scope: .beforeContract,
        problem: "CREATE OR REPLACE changes a view or function the old code may call, for every caller at once",
        remedy: "create a new view or function beside it for the new code, and drop the old one in contract",
        unsafe: .init(.expand, "CREATE OR REPLACE VIEW order_totals AS SELECT id, qty FROM orders;"),
        safe: .init(.expand, "CREATE VIEW order_totals_v2 AS SELECT id, qty FROM orders;"))

    static let enumValueInTransaction = SQLRule(
        id: "enum-value-in-transaction", severity: .error, scope: .everyPhase,
        problem: "ALTER TYPE ... ADD VALUE cannot run inside a transaction block before PostgreSQL 12",
        remedy: "run it on its own, outside BEGIN ... COMMIT",
        version: "applies when data.postgresVersion is below 12",
        unsafe: .init(.expand, "BEGIN;\nALTER TYPE order_status ADD VALUE IF NOT EXISTS 'held';\nCOMMIT;", postgresVersion: 11),
        safe: .init(.expand, "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'held';", postgresVersion: 11))

    static let enumValueOrder = SQLRule(
        id: "enum-value-order", severity: .warning, scope: .everyPhase,
        problem: "a value added BEFORE or AFTER another changes how the enum sorts and compares for the old code",
        remedy: "add new values at the end, unless every reader is ready for the new order",
        unsafe: .init(.expand, "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'held' BEFORE 'shipped';"),
        safe: .init(.expand, "ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'held';"))

    static let identifierTooLong = SQLRule(
        id: "identifier-too-long", severity: .error, scope: .everyPhase,
        problem: "an identifier longer than 63 bytes is silently truncated by PostgreSQL, so the code's name and the database's differ",
        remedy: "use a name of at most 63 bytes",
        unsafe: .init(
            .expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipping_zone_as_computed_by_the_new_pricing_service_for_europe_v2 text;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS shipping_zone_eu_v2 text;"))

    static let notRerunnable = SQLRule(
        id: "not-rerunnable", severity: .warning, scope: .everyPhase,
        problem: "the statement fails when the phase runs again",
        remedy: "add IF NOT EXISTS, so a re-run after a lock timeout is safe",
        unsafe: .init(.expand, "ALTER TABLE orders ADD COLUMN note text;"),
        safe: .init(.expand, "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;"))
}
