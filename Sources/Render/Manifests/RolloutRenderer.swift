import Files
import Plan
import Units
import YAML

/// The Argo Rollouts `Rollout`: a canary over Istio with the spec's steps, analysis gates,
/// manual holds and (optionally) a background watch, on a referenced Deployment or a template.
struct RolloutRenderer {
    let context: ManifestContext
    var plan: CheckedPlan { context.plan }
    var names: Names { context.names }

    func render() throws(RenderError) -> Artifact {
        let workload = plan.workload
        let body = YAMLValue.map([
            ("replicas", .int(workload.replicas)),
            ("revisionHistoryLimit", .int(3)),
            ("selector", .map([("matchLabels", context.selectorLabels)])),
            (
                "workloadRef",
                workload.deployment.map { deployment in
                    .map([
                        ("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")),
                        ("name", .string(deployment)), ("scaleDown", .string(workload.scaleDown)),
                    ])
                }
            ),
            ("template", workload.template.map(podTemplate)),
            ("strategy", .map([("canary", canary())])),
        ])
        let rollout = context.object(apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", name: names.rollout, spec: body)
        return try context.file("manifests/\(Names.File.rollout)", kind: "Rollout", documents: [rollout])
    }

    /// The pod at this stage: the new version's container, the baseline image in its place, or
    /// the bridge to the legacy backend with its configuration mounted.
    private func podTemplate(_ template: WorkloadPlan.Template) -> YAMLValue {
        let workload = plan.workload
        let bridge = workload.runsBridge ? workload.legacy : nil
        let container = YAMLValue.map([
            ("name", .string(names.containerName)),
            ("image", .string(bridge?.bridgeImage ?? workload.runningImage ?? template.image)),
            ("ports", .list([.map([("name", .string("http")), ("containerPort", .int(template.port)), ("protocol", .string("TCP"))])])),
            (
                "env",
                template.env.isEmpty || bridge != nil
                    ? nil : .list(template.env.map { .map([("name", .string($0.key)), ("value", .string($0.value))]) })
            ),
            ("resources", .map([("requests", .map([("cpu", .string(template.cpu)), ("memory", .string(template.memory))]))])),
            (
                "volumeMounts",
                bridge == nil
                    ? nil
                    : .list([
                        .map([
                            ("name", .string(LegacyRenderer.volume)), ("mountPath", .string(LegacyRenderer.mountPath)),
                            ("subPath", .string(LegacyRenderer.configKey)), ("readOnly", .bool(true)),
                        ])
                    ])
            ),
        ])
        return .map([
            ("metadata", .map([("labels", context.selectorLabels)])),
            (
                "spec",
                .map([
                    ("containers", .list([container])),
                    (
                        "volumes",
                        bridge == nil
                            ? nil
                            : .list([
                                .map([
                                    ("name", .string(LegacyRenderer.volume)), ("configMap", .map([("name", .string(names.legacyBridge))])),
                                ])
                            ])
                    ),
                ])
            ),
        ])
    }

    private func canary() -> YAMLValue {
        let subset = plan.routing.mode == .subset
        var routes = [YAMLValue.string(names.route)]
        if let mirrored = names.mirroredRoute { routes.insert(.string(mirrored), at: 0) }
        let istio = YAMLValue.map([
            ("virtualService", .map([("name", .string(names.virtualService)), ("routes", .inlineList(routes))])),
            (
                "destinationRule",
                subset
                    ? .map([
                        ("name", .string(names.destinationRules[0].name)),
                        ("canarySubsetName", .string(names.canarySubset)), ("stableSubsetName", .string(names.stableSubset)),
                    ]) : nil
            ),
        ])
        let steps = steps()
        // Right after the first weight is set; watching before it would measure no canary traffic.
        let firstWeight = steps.firstIndex { if case .mapping(let entries) = $0 { entries.first?.key == "setWeight" } else { false } } ?? 0
        let watch: YAMLValue? =
            plan.analysis.background
            ? .map([
                ("templates", .list([.map([("templateName", .string(names.watchTemplate))])])),
                ("startingStep", .int(firstWeight + 1)),
                ("args", arguments),
            ]) : nil
        return .map([
            ("canaryService", subset ? nil : .string(names.canaryService)),
            ("stableService", subset ? nil : .string(names.stableService)),
            ("trafficRouting", .map([("istio", istio)])),
            ("analysis", watch),
            ("steps", .list(steps)),
        ])
    }

    /// The data phases Argo Rollouts runs at a moment (runner `cluster`): analysis steps whose
    /// `job` metric runs the phase; verify again before reads flip.
    private func dataSteps(at moment: Moment) -> [YAMLValue] {
        var kinds: [DataPhase.Kind] = []
        for work in plan.schedule where work.when == .at(moment) {
            switch work.action {
            case .phase(let phase) where phase.execution.isAnalysisStep: kinds.append(phase.kind)
            case .flipReads(let verify?, _) where verify.execution.isAnalysisStep: kinds.append(verify.kind)
            default: break
            }
        }
        return kinds.map { kind in
            .map([("analysis", .map([("templates", .list([.map([("templateName", .string(names.dataTemplate(kind)))])]))]))])
        }
    }

    /// The rehearsal's gate: the same k6 test as the rehearsal Job, so a failed rehearsal stops
    /// the rollout before or right after its first weight.
    private func rehearsalStep(_ gate: RehearsalPlan.Gate) -> [YAMLValue] {
        guard plan.rehearsal?.gate == gate else { return [] }
        return [.map([("analysis", .map([("templates", .list([.map([("templateName", .string(names.rehearsalTemplate))])]))]))])]
    }

    private func steps() -> [YAMLValue] {
        var steps: [YAMLValue] = rehearsalStep(.beforeRollout) + dataSteps(at: .beforeRollout)
        for (index, step) in plan.rollout.steps.enumerated() {
            steps.append(.map([("setWeight", .int(step.weight))]))
            if index == 0 { steps += rehearsalStep(.firstStep) }
            if let pause = step.pause {
                steps.append(.map([("pause", .map([("duration", .string(pause.goDuration))]))]))
            }
            if step.gate != nil {
                steps.append(
                    .map([
                        (
                            "analysis",
                            .map([
                                ("templates", .list([.map([("templateName", .string(names.analysisTemplate))])])),
                                ("args", arguments),
                            ])
                        )
                    ]))
            }
            steps += dataSteps(at: step.moment)
            if step.hold != nil {
                // A pause without a duration waits for `kubectl argo rollouts promote`.
                steps.append(.map([("pause", .mapping([]))]))
            }
        }
        return steps
    }

    /// The values of the AnalysisTemplate's arguments: Service names when the metrics label
    /// carries the Service, else the pod template hashes Argo Rollouts assigns to each side.
    private var arguments: YAMLValue {
        func side(_ name: String, service: String, hash: String) -> YAMLValue {
            names.selectsByService
                ? .map([("name", .string(name)), ("value", .string(service))])
                : .map([("name", .string(name)), ("valueFrom", .map([("podTemplateHashValue", .string(hash))]))])
        }
        return .list([
            side("canary", service: names.canaryService, hash: "Latest"),
            side("stable", service: names.stableService, hash: "Stable"),
            .map([("name", .string("namespace")), ("value", .string(names.namespace))]),
        ])
    }
}
