import Diagnostics

/// A spec with dual writes and a read flip, and a data plan whose body the case supplies.
private func dataSpec(_ data: String, traffic: String = "", soak: String = "48h") -> String {
    spec(
        body: deployment + traffic + """
            flags:
              dualWrite: orders.dual_write_v2
              readFlip: orders.read_from_v2
              killSwitch: orders.kill_switch
            cutover:
              soak: \(soak)
            data:

            """ + data)
}

private let copy = """

      backfill:
        from: orders
        to: orders_v2
        columns: [id, sku]

    """

/// One case per data-plan diagnostic, in the same form as `locationCases`.
let dataLocationCases: [LocationCase] = [
    LocationCase(
        id: "check.cluster-runner-without-secret", severity: .error,
        fixture: dataSpec(
            """
              runner: 1️⃣cluster
              expand:
                - addColumn: { table: orders, column: zone, type: text }
            """)),
    LocationCase(
        id: "check.run-contract-without-cluster", severity: .error,
        fixture: dataSpec(
            """
              runContract: 1️⃣true
              expand:
                - addColumn: { table: orders, column: zone, type: text }
              contract:
                - dropColumn: { table: orders, column: legacy }
            """)),
    LocationCase(
        id: "check.run-contract-without-contract", severity: .error,
        fixture: dataSpec(
            """
              runner: cluster
              runContract: 1️⃣true
              connection: { secret: orders-db }
              expand:
                - addColumn: { table: orders, column: zone, type: text }
            """)),
    LocationCase(
        id: "check.sql-syntax", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - sql: |
                    CREATE TABLE IF NOT EXISTS audit (id bigint);
                    SELECT 1 FROM
                      wher x 1️⃣= 1;
                - addColumn: { table: orders, column: zone, type: text }
            """)),
    LocationCase(
        id: "check.sql-not-one-type", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - addColumn: { table: orders, column: zone, type: 1️⃣"text, evil int" }
            """)),
    LocationCase(
        id: "check.sql-comment-in-fragment", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - addColumn: { table: orders, column: zone, type: "text 1️⃣--", nullable: false, default: "'eu'" }
            """)),
    LocationCase(
        id: "check.sql-comment-in-fragment", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - addColumn:
                    table: orders
                    column: zone
                    type: text
                    default: |
                      'eu' 1️⃣-- ; DROP TABLE orders
            """)),
    LocationCase(
        id: "check.sql-rename", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - sql: |
                    -- give the column its final name
                    /* reviewed by the DBA */
                    1️⃣ALTER TABLE orders RENAME COLUMN a TO b;
                  undo: ALTER TABLE orders RENAME COLUMN b TO a;
            """)),
    LocationCase(
        id: "check.sql-index-not-concurrent", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - sql: |
                    CREATE TABLE IF NOT EXISTS audit (id bigint);
                    1️⃣CREATE INDEX IF NOT EXISTS orders_audit_id ON orders (id);
                  undo: DROP TABLE IF EXISTS audit;
            """), hint: "use 'createIndex' (built CONCURRENTLY) or CREATE INDEX CONCURRENTLY IF NOT EXISTS"),
    LocationCase(
        id: "check.sql-rename", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - sql: 1️⃣ALTER TABLE orders RENAME COLUMN sku TO item
                  undo: ALTER TABLE orders RENAME COLUMN item TO sku
            """)),
    LocationCase(
        id: "check.sql-drop-before-contract", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - sql: |
                    1️⃣ALTER TABLE orders DROP COLUMN legacy_flag;
                  undo: SELECT 1
            """)),
    LocationCase(
        id: "check.sql-not-null-without-default", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - addColumn: { table: orders, column: zone, type: text, nullable: 1️⃣false }
            """)),
    LocationCase(
        id: "check.sql-volatile-default", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - addColumn: { table: orders, column: token, type: uuid, default: 1️⃣gen_random_uuid() }
            """)),
    LocationCase(
        id: "check.sql-constraint-without-not-valid", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - sql: 1️⃣ALTER TABLE orders ADD CONSTRAINT qty_positive CHECK (qty > 0)
                  undo: ALTER TABLE orders DROP CONSTRAINT IF EXISTS qty_positive
            """)),
    LocationCase(
        id: "check.data-raw-sql-without-undo", severity: .warning,
        fixture: dataSpec(
            """
              expand:
                - sql: 1️⃣CREATE TABLE IF NOT EXISTS audit (id bigint)
            """)),
    LocationCase(
        id: "check.data-engine-unsupported", severity: .error,
        fixture: dataSpec(
            """
              engine: 1️⃣mysql
            """)),
    LocationCase(
        id: "check.data-expand-after-canary", severity: .error,
        fixture: dataSpec(
            """
              schedule: { expand: 1️⃣5% }
              expand:
                - addColumn: { table: orders, column: zone, type: text }
            """, traffic: "traffic:\n  steps: [{ weight: 5, pause: 5m }, { weight: 100 }]\n")),
    LocationCase(
        id: "check.data-moment-not-a-step", severity: .error,
        fixture: dataSpec(
            """
              schedule: { backfill: 1️⃣30% }
            """ + copy)),
    LocationCase(
        id: "check.data-read-flip-before-verify", severity: .error,
        fixture: dataSpec(
            """
              schedule: { backfill: 50%, readFlip: 1️⃣20% }
            """ + copy, traffic: "traffic:\n  steps: [{ weight: 20, pause: 5m }, { weight: 50, pause: 5m }, { weight: 100 }]\n")),
    LocationCase(
        id: "check.data-key-not-copied", severity: .error,
        fixture: dataSpec(
            """
              backfill:
                from: orders
                to: orders_v2
                key: 1️⃣order_id
                columns: [id, sku]
            """)),
    LocationCase(
        id: "check.data-target-key-not-unique", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - createTable:
                    name: orders_v2
                    columns: [{ name: id, type: bigint }, { name: sku, type: text }]
              backfill:
                from: orders
                to: orders_v2
                key: 1️⃣id
                columns: [id, sku]
            """)),
    LocationCase(
        id: "check.data-in-place-without-transform", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - addColumn: { table: orders, column: zone, type: text }
              backfill:
                from: orders
                to: orders
                columns: [1️⃣zone]
            """)),
    LocationCase(
        id: "check.data-contract-without-soak", severity: .error,
        fixture: dataSpec(
            """
              contract:
                - 1️⃣dropColumn: { table: orders, column: legacy_flag }
            """, soak: "0s")),
    LocationCase(
        id: "check.data-contract-drops-new", severity: .error,
        fixture: dataSpec(
            """
              expand:
                - createTable: { name: orders_v2, columns: [{ name: id, type: bigint, primaryKey: true }, { name: sku, type: text }] }
            """ + copy + """
                  contract:
                    - dropTable: 1️⃣orders_v2
                """)),
    LocationCase(
        id: "check.data-backfill-without-dual-writes", severity: .error,
        fixture: spec(
            body: deployment + """
                data:
                  1️⃣backfill: { from: orders, to: orders_v2, columns: [id, sku] }
                """)),
]
