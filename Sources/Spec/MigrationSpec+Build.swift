import Diagnostics

extension MigrationSpec {
    /// Builds the model from a root object that decoded without errors.
    init(path: String, root: SpecObject, usage: FieldUsage? = nil) {
        let root = ObjectReader(object: root, usage: usage)
        self.path = path
        metadata = MigrationMetadata(root.object("metadata"), at: root.keyRange)
        slo = ServiceObjectives(root.object("slo"), at: root.keyRange)
        profile = root.object("profile").map(TrafficProfile.init)
        prometheus = PrometheusSettings(root.object("prometheus"), at: root.keyRange)
        traffic = TrafficPlan(root.object("traffic"), at: root.keyRange)
        workload = Workload(root.object("workload"), at: root.keyRange)
        flags = root.object("flags").map(FeatureFlags.init)
        data = root.object("data").map(DataPlan.init)
        rehearsal = root.object("rehearsal").map { r in
            RehearsalSettings(
                target: r.text("target"), duration: r.requiredDuration("duration"), capacity: r.number("capacity"),
                endpoints: r.objects("endpoints").map { e in
                    RehearsalSettings.Endpoint(
                        method: e.requiredText("method").value, path: e.requiredText("path"), body: e.text("body")?.value,
                        weight: e.requiredNumber("weight"))
                },
                gate: r.requiredText("gate").value, image: r.requiredText("image").value,
                application: r.object("application").map { a in
                    RehearsalSettings.Application(
                        repoURL: a.requiredText("repoURL").value, path: a.requiredText("path").value,
                        revision: a.requiredText("revision").value, namespace: a.requiredText("namespace").value,
                        project: a.requiredText("project").value)
                }, range: r.keyRange)
        }
        cutover = CutoverPlan(root.object("cutover"), at: root.keyRange)
        let o = orEmpty(root.object("observability"), Language.observability, at: root.keyRange)
        observability = ObservabilitySettings(
            alerts: o.node("alerts") == nil ? true : o.bool("alerts"), alertLabels: o.dictionary("alertLabels"),
            ruleLabels: o.dictionary("ruleLabels"), dashboard: o.node("dashboard") == nil ? true : o.bool("dashboard"),
            dashboardLabels: o.dictionary("dashboardLabels"))
    }
}

/// Every object below is either required or defaulted by the language, so `reader` is nil
/// only if decoding failed, which stops the pipeline before the model is built.
private func orEmpty(_ reader: ObjectReader?, _ type: ObjectType, at range: SourceRange) -> ObjectReader {
    reader ?? ObjectReader(object: SpecObject(type: type, fields: [:], range: range, keyRange: range))
}

extension MigrationMetadata {
    init(_ reader: ObjectReader?, at range: SourceRange) {
        let r = orEmpty(reader, Language.metadata, at: range)
        let links = r.object("links")
        name = r.requiredText("name")
        service = r.requiredText("service")
        namespace = r.requiredText("namespace")
        owners = r.texts("owners").map(\.value)
        summary = r.text("summary")?.value
        status = r.requiredText("status").value
        risk = r.requiredText("risk").value
        critical = r.locatedBool("critical")
        ticket = links?.text("ticket")?.value
        dashboards = links?.texts("dashboards").map(\.value) ?? []
        docs = links?.texts("docs").map(\.value) ?? []
        runbooks = links?.text("runbooks")?.value
        grafana = links?.text("grafana")?.value
        argocd = links?.text("argocd")?.value
        rollouts = links?.text("rollouts")?.value
    }
}

extension ServiceObjectives {
    init(_ reader: ObjectReader?, at range: SourceRange) {
        let r = orEmpty(reader, Language.slo, at: range)
        let errors = orEmpty(r.object("errorRate"), Language.errorRate, at: r.keyRange)
        let latency = r.object("latency")
        availability = r.requiredNumber("availability")
        maxErrorRate = errors.requiredNumber("max")
        errorRateFor = errors.requiredDuration("for").value
        p95 = latency?.object("p95").map { LatencyBound($0, quantile: 0.95) }
        p99 = latency?.object("p99").map { LatencyBound($0, quantile: 0.99) }
    }
}

extension LatencyBound {
    init(_ r: ObjectReader, quantile: Double) {
        self.quantile = quantile
        max = r.duration("max")
        maxIncrease = r.number("maxIncrease")
        duration = r.requiredDuration("for").value
        range = r.keyRange
    }
}

extension TrafficProfile {
    init(_ r: ObjectReader) {
        peakRPS = r.requiredNumber("peakRPS")
        writeShare = r.number("writeShare")?.value
        p95 = r.duration("p95")?.value
        p99 = r.duration("p99")?.value
        longLivedConnections = r.bool("longLivedConnections")
        stickySessions = r.bool("stickySessions")
    }
}

extension PrometheusSettings {
    init(_ reader: ObjectReader?, at range: SourceRange) {
        let r = orEmpty(reader, Language.prometheus, at: range)
        address = r.requiredText("address").value
        requestsMetric = r.requiredText("requestsMetric").value
        durationMetric = r.requiredText("durationMetric").value
        serviceLabel = r.requiredText("serviceLabel").value
        statusLabel = r.requiredText("statusLabel").value
        canaryLabel = r.text("canaryLabel")
        extraMatchers = r.locatedDictionary("labels")
        scrapeInterval = r.requiredDuration("scrapeInterval").value
        metrics = r.objects("metrics").map { m in
            CustomMetric(
                name: m.requiredText("name"), query: m.requiredText("query"),
                successCondition: m.text("successCondition"), failureCondition: m.text("failureCondition"))
        }
    }
}

extension TrafficPlan {
    init(_ reader: ObjectReader?, at range: SourceRange) {
        let r = orEmpty(reader, Language.Traffic.object, at: range)
        let routingText = r.requiredText("routing")
        routing = Located(RoutingMode(rawValue: routingText.value) ?? .host, at: routingText.range, isDefault: routingText.isDefault)
        stableService = r.text("stableService")
        canaryService = r.text("canaryService")
        let hostList = r.texts("hosts")
        hosts = r.node("hosts") == nil ? nil : hostList
        gateways = r.texts("gateways").map(\.value)
        port = r.requiredInt("port").value
        targetPort = r.int("targetPort")?.value
        route = r.requiredText("route").value
        steps = r.objects("steps").map { s in
            CanaryStep(weight: s.requiredInt("weight"), pause: s.duration("pause"), analysis: s.bool("analysis"), range: s.range)
        }
        holdPoints = r.objects("holdPoints").map { h in
            HoldPoint(
                at: h.requiredInt("at"), signOff: h.texts("signOff").map(\.value), note: h.text("note")?.value,
                expected: h.requiredDuration("expected").value)
        }
        let a = orEmpty(r.object("analysis"), Language.Traffic.analysis, at: r.keyRange)
        analysis = AnalysisSettings(
            interval: a.requiredDuration("interval"), count: a.requiredInt("count").value,
            failureLimit: a.requiredInt("failureLimit"), window: a.requiredDuration("window"),
            background: a.bool("background"), maxErrorRate: a.number("maxErrorRate"), maxP95: a.duration("maxP95"),
            range: a.keyRange)
        mirror = r.object("mirror").map { m in
            MirrorPlan(
                host: m.requiredText("host"), port: m.int("port")?.value, percent: m.requiredNumber("percent"),
                growth: m.numbers("growth"), methods: m.node("methods") == nil ? nil : m.texts("methods").map(\.value),
                idempotent: m.bool("idempotent"), range: m.keyRange)
        }
        let pool = orEmpty(r.object("connectionPool"), Language.Traffic.connectionPool, at: r.keyRange)
        connectionPool = ConnectionPool(
            maxConnections: pool.requiredInt("maxConnections").value,
            http1MaxPendingRequests: pool.requiredInt("http1MaxPendingRequests").value,
            maxRequestsPerConnection: pool.requiredInt("maxRequestsPerConnection").value,
            http2MaxRequests: pool.int("http2MaxRequests")?.value, connectTimeout: pool.duration("connectTimeout")?.value)
        let outlier = orEmpty(r.object("outlierDetection"), Language.Traffic.outlierDetection, at: r.keyRange)
        outlierDetection = OutlierDetection(
            consecutive5xxErrors: outlier.requiredInt("consecutive5xxErrors").value,
            interval: outlier.requiredDuration("interval").value,
            baseEjectionTime: outlier.requiredDuration("baseEjectionTime").value,
            maxEjectionPercent: outlier.requiredInt("maxEjectionPercent").value,
            minHealthPercent: outlier.requiredInt("minHealthPercent").value, range: outlier.keyRange)
        timeout = r.duration("timeout")?.value
        retries = r.object("retries").map { t in
            RetryPolicy(
                attempts: t.requiredInt("attempts"), perTryTimeout: t.duration("perTryTimeout")?.value,
                retryOn: t.requiredText("retryOn"))
        }
        self.range = r.keyRange
    }
}

extension Workload {
    init(_ reader: ObjectReader?, at range: SourceRange) {
        let r = orEmpty(reader, Language.workload, at: range)
        deployment = r.text("deployment")
        template = r.object("template").map { t in
            PodTemplate(
                image: t.requiredText("image").value, containerName: t.text("containerName"),
                port: t.requiredInt("port").value, cpu: t.requiredText("cpu").value,
                memory: t.requiredText("memory").value, env: t.dictionary("env"))
        }
        stage = r.text("stage").map { Located(Stage(rawValue: $0.value) ?? .canary, at: $0.range, isDefault: $0.isDefault) }
        legacy = r.object("legacy").map { l in
            LegacyBackend(
                host: l.requiredText("host"), port: l.requiredInt("port").value, bridgeImage: l.requiredText("bridgeImage").value,
                range: l.keyRange)
        }
        from = r.text("from")
        version = r.text("version")
        replicas = r.requiredInt("replicas")
        labels = r.dictionary("labels")
        scaleDown = r.requiredText("scaleDown").value
    }
}

extension FeatureFlags {
    init(_ r: ObjectReader) {
        let named = r.requiredText("provider")
        provider = Located(FlagProvider(rawValue: named.value) ?? .flagd, at: named.range, isDefault: named.isDefault)
        change = r.requiredText("change")
        let states = r.object("state")
        let state = { (name: String) in states?.text(name) ?? Located("off", at: r.keyRange, isDefault: true) }
        self.state = (state("dualWrite"), state("readFlip"), state("killSwitch"))
        stateRange = r.node("state").flatMap { $0.isDefault ? nil : $0.range }
        project = r.text("project")
        environment = r.text("environment")
        url = r.text("url")
        tokenVariable = r.text("tokenVariable")
        setCommand = r.text("setCommand")
        dualWrite = r.text("dualWrite")
        dualWriteCohort = r.requiredNumber("dualWriteCohort")
        readFlip = r.text("readFlip")
        killSwitch = r.text("killSwitch")
        range = r.keyRange
    }
}

extension CutoverPlan {
    init(_ reader: ObjectReader?, at range: SourceRange) {
        let r = orEmpty(reader, Language.cutover, at: range)
        window = r.text("window")?.value
        freeze = r.bool("freeze")
        darkLaunch = r.bool("darkLaunch")
        soak = r.requiredDuration("soak").value
        cleanupDeadline = r.requiredDuration("cleanupDeadline").value
        rollbackTarget = r.requiredDuration("rollbackTarget")
        cohortWatch = r.requiredDuration("cohortWatch").value
        successWatch = r.requiredDuration("successWatch").value
        rollbackCommands = r.texts("rollbackCommands")
        self.range = r.keyRange
    }
}

extension DataPlan {
    init(_ r: ObjectReader) {
        engine = r.requiredText("engine")
        postgresVersion = r.requiredInt("postgresVersion")
        database = r.text("database")?.value
        let connection = r.object("connection")
        connectionVariable = connection?.text("variable")
        secret = connection?.text("secret")
        secretKey = connection?.text("secretKey")?.value ?? "uri"
        runner = r.requiredText("runner")
        jobImage = r.text("jobImage")?.value
        runContract = r.locatedBool("runContract")
        lockTimeout = r.requiredDuration("lockTimeout").value
        statementTimeout = r.requiredDuration("statementTimeout").value
        let s = orEmpty(r.object("schedule"), Language.DataPlan.schedule, at: r.keyRange)
        schedule = DataSchedule(
            expand: s.moment("expand") ?? Located(.beforeRollout, at: s.keyRange, isDefault: true),
            backfill: s.moment("backfill") ?? Located(.beforeRollout, at: s.keyRange, isDefault: true),
            readFlip: s.moment("readFlip"))
        expand = r.objects("expand").compactMap(ExpandOperation.init)
        backfill = r.object("backfill").map { b in
            Backfill(
                from: b.requiredText("from"), to: b.requiredText("to"), key: b.requiredText("key"),
                columns: b.texts("columns"), transform: b.locatedDictionary("transform").map { ($0.key, $0.value) },
                batchSize: b.requiredInt("batchSize").value, sleep: b.requiredDuration("sleep").value, range: b.keyRange)
        }
        move = r.object("move").map { m in
            let endpoint = { (name: String) -> TableMove.Endpoint in
                let e = orEmpty(m.object(name), Language.DataPlan.moveEndpoint, at: m.keyRange)
                return TableMove.Endpoint(variable: e.requiredText("variable"), database: e.text("database")?.value)
            }
            return TableMove(
                tables: m.objects("tables").map { TableMove.Table(table: $0.requiredText("table"), key: $0.requiredText("key")) },
                sequences: m.texts("sequences"), source: endpoint("source"), target: endpoint("target"),
                maxLag: m.requiredDuration("maxLag").value, rollbackWindow: m.requiredDuration("rollbackWindow").value,
                rangeSize: m.requiredInt("rangeSize").value,
                at: m.moment("at") ?? Located(.beforeRollout, at: m.keyRange, isDefault: true), range: m.keyRange)
        }
        let v = orEmpty(r.object("verify"), Language.DataPlan.verify, at: r.keyRange)
        verify = Verification(
            counts: v.bool("counts"), sampleRate: v.requiredNumber("sampleRate").value,
            checksum: v.bool("checksum"), maxMismatch: v.requiredNumber("maxMismatch").value)
        contract = r.objects("contract").compactMap(ContractOperation.init)
        func acknowledged(_ phase: SQLAcknowledgement.Phase) -> [SQLAcknowledgement] {
            r.objects(phase.rawValue).enumerated().flatMap { index, operation in
                operation.locatedDictionary("acknowledge").map {
                    SQLAcknowledgement(phase: phase, operation: index, rule: $0.key, reason: $0.value)
                }
            }
        }
        acknowledgements = acknowledged(.expand) + acknowledged(.contract)
        range = r.keyRange
    }
}

extension ExpandOperation {
    init?(_ r: ObjectReader) {
        let names = { (o: ObjectReader, field: String) in o.texts(field).map(\.value) }
        if let c = r.object("addColumn") {
            self = .addColumn(
                AddColumn(
                    table: c.requiredText("table"), column: c.requiredText("column"), type: c.requiredText("type"),
                    nullable: c.locatedBool("nullable"), defaultExpression: c.text("default"), range: c.keyRange))
        } else if let t = r.object("createTable") {
            let columns = t.objects("columns").map { c in
                TableColumn(
                    name: c.requiredText("name"), type: c.requiredText("type"),
                    nullable: c.bool("nullable"), primaryKey: c.bool("primaryKey"))
            }
            self = .createTable(name: t.requiredText("name"), columns: columns, range: t.keyRange)
        } else if let i = r.object("createIndex") {
            self = .createIndex(
                table: i.requiredText("table"), name: i.requiredText("name"),
                columns: names(i, "columns"), unique: i.bool("unique"), range: i.keyRange)
        } else if let c = r.object("addConstraint") {
            if let fk = c.object("foreignKey") {
                self = .addForeignKey(
                    ForeignKeyConstraint(
                        table: c.requiredText("table"), name: c.requiredText("name"), columns: names(fk, "columns"),
                        references: fk.requiredText("references").value, referencedColumns: names(fk, "referencedColumns"),
                        range: c.keyRange))
            } else {
                self = .addCheckConstraint(
                    table: c.requiredText("table"), name: c.requiredText("name"),
                    expression: c.requiredText("check"), range: c.keyRange)
            }
        } else if let d = r.object("dualWriteTrigger") {
            self = .dualWriteTrigger(
                DualWriteTrigger(
                    from: d.requiredText("from"), to: d.requiredText("to"), columns: names(d, "columns"),
                    key: d.requiredText("key"), range: d.keyRange))
        } else if let sql = r.text("sql") {
            self = .sql(sql, undo: r.text("undo"))
        } else {
            return nil
        }
    }
}

extension ContractOperation {
    init?(_ r: ObjectReader) {
        if let d = r.object("dropColumn") {
            self = .dropColumn(table: d.requiredText("table"), column: d.requiredText("column"), range: d.keyRange)
        } else if let table = r.text("dropTable") {
            self = .dropTable(table)
        } else if let sql = r.text("sql") {
            self = .sql(sql)
        } else {
            return nil
        }
    }
}
