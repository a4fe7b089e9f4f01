import JSON
import Plan
import Render
import Units

/// `glidepath plan --format json`: the same facts as the text (the timeline, durations, gates,
/// holds, data phases, accepted SQL risks, alerts and ways back), for scripts and CI. Durations
/// are Go-style strings (`2m30s`) beside whole seconds; sentences come from the same wording
/// as the runbook.
enum PlanJSON {
    static func document(_ plan: CheckedPlan) -> JSONValue {
        let rollout = plan.rollout
        var members: [(String, JSONValue)] = [
            ("migration", .string(plan.names.migration)), ("service", .string(plan.migration.service)),
            ("namespace", .string(plan.names.namespace)), ("routing", .string(plan.routing.mode.rawValue)),
            ("steps", .array(rollout.steps.map { step(plan, $0) })),
            ("automatedDuration", span(rollout.automatedDuration)),
            ("holdPoints", .int(rollout.holds.count)),
            ("detection", span(rollout.detection)),
            ("breachToStable", span(rollout.breachToStable)),
            ("rollbackTarget", span(plan.cutover.rollbackTarget)),
            ("soak", span(plan.cutover.soak)),
            ("cleanupDeadline", span(plan.cutover.cleanupDeadline)),
            ("gates", gates(plan)),
        ]
        if let alerts = plan.observability.alerts {
            members.append(
                (
                    "alerts",
                    .array(
                        alerts.alerts.map {
                            .object([
                                ("name", .string($0.name)), ("scope", .string($0.scope.rawValue)),
                                ("when", .string(AlertWording.subject($0, in: plan) + " " + AlertWording.breach($0))),
                                ("for", span($0.duration)),
                            ])
                        })
                ))
        }
        if plan.observability.dashboard != nil {
            members.append(("dashboardPanels", .array(DashboardPanels.titles(plan).map(JSONValue.string))))
        }
        if let data = plan.data {
            members.append(("postgresVersion", .int(data.postgresVersion)))
            members.append(
                (
                    "dataPhases",
                    .array(
                        data.phases.map { phase in
                            .object([
                                ("file", .string(phase.path)), ("kind", .string(phase.kind.rawValue)),
                                ("when", .string(DataPhaseWording.moment(phase, in: plan))),
                                ("summary", .string(DataPhaseWording.summary(phase, in: plan))),
                                ("preconditions", .array(phase.preconditions.map { .string(DataPhaseWording.precondition($0)) })),
                                ("undo", .string(DataPhaseWording.undo(phase.undo))),
                            ])
                        })
                ))
            members.append(
                (
                    "acceptedRisks",
                    .array(
                        data.acceptedRisks.map {
                            .object([
                                ("rule", .string($0.rule)), ("phase", .string($0.phase)), ("line", .int($0.line)),
                                ("problem", .string($0.problem)), ("reason", .string($0.reason)),
                            ])
                        })
                ))
        }
        members.append(
            (
                "wayBack",
                .array(
                    plan.wayBack.map { wayBack in
                        .object([
                            ("from", .string(WayBackWording.point(wayBack.point, in: plan))),
                            ("pastPointOfNoReturn", .bool(wayBack.pastPointOfNoReturn)),
                            (
                                "steps",
                                .array(
                                    WayBackWording.lines(wayBack, in: plan).map { line in
                                        .object([
                                            ("text", .string(line.text)),
                                            ("commands", .array(line.commands.map { .string($0.shellText) })),
                                        ])
                                    })
                            ),
                        ])
                    })
            ))
        return .object(members)
    }

    private static func step(_ plan: CheckedPlan, _ step: RolloutStep) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("number", .int(step.number)), ("weight", .int(step.weight)), ("start", span(step.start)), ("end", span(step.end)),
            ("pause", step.pause.map(span) ?? .null), ("analysis", step.gate.map(span) ?? .null),
        ]
        if let hold = step.hold {
            members.append(
                (
                    "hold",
                    .object([("signOff", .array(hold.signOff.map(JSONValue.string))), ("note", hold.note.map(JSONValue.string) ?? .null)])
                ))
        } else {
            members.append(("hold", .null))
        }
        return .object(members)
    }

    private static func gates(_ plan: CheckedPlan) -> JSONValue {
        let analysis = plan.analysis
        return .object([
            ("template", .string(plan.names.analysisTemplate)), ("measurements", .int(analysis.count)),
            ("interval", span(analysis.interval)), ("failureLimit", .int(analysis.failureLimit)),
            ("backgroundWatch", analysis.background ? .string(plan.names.watchTemplate) : .null),
            (
                "metrics",
                .array(
                    analysis.metrics.map {
                        .object([
                            ("name", .string($0.name)), ("passes", .string(GateWording.condition($0))),
                            ("noData", .string(GateWording.noData($0))),
                        ])
                    })
            ),
        ])
    }

    private static func span(_ span: TimeSpan) -> JSONValue {
        .object([("text", .string(span.goDuration)), ("seconds", .number(span.seconds))])
    }
}
