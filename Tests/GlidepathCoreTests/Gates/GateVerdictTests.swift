import Foundation
import GlidepathCore
import Plan
import TestSupport
import Testing

/// Every gate of every example and gate fixture, judged as Argo Rollouts judges it: the
/// generated Rollout and AnalysisTemplates read by the Argo analysis judge (`ArgoAnalysis/`,
/// Argo's own condition evaluation on Debian's expr engine), every query sent to a real
/// Prometheus holding synthetic series of each scenario, and the run's phase derived from
/// count, failureLimit, inconclusiveLimit and consecutiveErrorLimit.
@Suite(.serialized) struct GateVerdictTests {
    static let specs: [(name: String, path: String)] =
        examples.map { ($0, "examples/\($0).yaml") }
        + ["low-traffic", "subset-routing", "custom-metrics"].map { ($0, "Tests/GlidepathCoreTests/Fixtures/gates/\($0).yaml") }

    /// 2026-01-01T00:00:00Z; every spec and scenario gets its own two hours after it.
    static let epoch = 1_767_225_600
    static let slot = 7200
    /// Analyses start half an hour into a scenario, when every rate() window is full.
    static let analysisOffset = 1800

    struct Case {
        var spec: String
        var plan: CheckedPlan
        var manifests: URL
        var starts: [(GateScenario, Int)]
    }

    @Test func everyGateJudgesEveryScenarioAsArgoRolloutsWould() throws {
        let work = try temporaryDirectory("gates")
        defer { try? FileManager.default.removeItem(at: work) }
        let judge = try ArgoAnalysisTool.build(into: work)

        var document = OpenMetricsDocument()
        var cases: [Case] = []
        for (index, spec) in Self.specs.enumerated() {
            let checked = Glidepath.check(bytes: try readBytes(packageRoot + "/" + spec.path), path: spec.path)
            let plan = try #require(checked.plan, "\(spec.path): \(checked.diagnostics.all.map(\.message))")
            let manifests = work.appendingPathComponent(spec.name)
            try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
            for artifact in try Glidepath.generate(plan) where artifact.path.hasPrefix("manifests/") {
                try Data(artifact.contents.utf8).write(to: manifests.appendingPathComponent(String(artifact.path.dropFirst(10))))
            }
            let builder = ScenarioSeries(plan: plan)
            var starts: [(GateScenario, Int)] = []
            for (number, scenario) in GateScenario.allCases.enumerated() where scenario.expectation(plan.analysis.metrics) != nil {
                let start = Self.epoch + (index * GateScenario.allCases.count + number) * Self.slot
                document.add(try builder.series(scenario), startingAt: start)
                starts.append((scenario, start + Self.analysisOffset))
            }
            cases.append(Case(spec: spec.name, plan: plan, manifests: manifests, starts: starts))
        }

        let prometheus = try PrometheusServer(openMetrics: document.text)
        defer { prometheus.stop() }
        var table = VerdictTable()
        for item in cases {
            let arguments =
                [
                    "-prometheus", prometheus.address,
                    "-rollout", item.manifests.appendingPathComponent("rollout.yaml").path,
                    "-templates", item.manifests.appendingPathComponent("analysis-template.yaml").path,
                    "-gate", item.plan.names.analysisTemplate,
                    "-canary-hash", ScenarioSeries.canaryHash, "-stable-hash", ScenarioSeries.stableHash,
                ] + item.starts.flatMap { ["-at", String($0.1)] }
            let result = try run(judge, arguments)
            try #require(result.status == 0, "argo-analysis \(item.spec): \(result.errors)")
            let verdicts = try JSONDecoder().decode([Verdict].self, from: Data(result.output.utf8))
            try #require(verdicts.count == item.starts.count)
            for ((scenario, _), verdict) in zip(item.starts, verdicts) {
                let expectation = try #require(scenario.expectation(item.plan.analysis.metrics))
                let gate = verdict.runs.first { $0.kind == "gate" }
                let watch = verdict.runs.first { $0.kind == "watch" }
                let context = "\(item.spec), \(scenario.rawValue)"
                #expect(gate != nil, "\(context): the Rollout has no gate")
                if let gate {
                    switch expectation.gate {
                    case .successful: #expect(gate.phase == "Successful", "\(context): gate \(gate.summary)")
                    case .failed: #expect(gate.phase == "Failed", "\(context): gate \(gate.summary)")
                    case .notSuccessful: #expect(gate.phase != "Successful", "\(context): gate \(gate.summary)")
                    }
                    for name in expectation.failingMetrics {
                        #expect(
                            gate.metrics.first { $0.name == name }?.phase == "Failed", "\(context): \(name) should fail: \(gate.summary)")
                    }
                    #expect(gate.metrics.allSatisfy { $0.phase != "Error" }, "\(context): a measurement errored: \(gate.summary)")
                }
                if item.plan.analysis.background {
                    #expect(watch != nil, "\(context): the Rollout has no background analysis")
                    if let watch {
                        switch expectation.watch {
                        case .noFailure: #expect(watch.phase == "Running", "\(context): watch \(watch.summary)")
                        case .failed: #expect(watch.phase == "Failed", "\(context): watch \(watch.summary)")
                        }
                    }
                }
                table.add(spec: item.spec, scenario: scenario, gate: gate, watch: watch)
            }
        }
        print(table.text)
    }
}

/// What the judge prints for one start time.
struct Verdict: Decodable {
    struct Run: Decodable {
        var kind: String
        var template: String
        var phase: String
        var message: String?
        var metrics: [Metric]

        var summary: String {
            phase + " ("
                + metrics.map {
                    "\($0.name): \($0.phase) \($0.measurements.map { "\($0.value.isEmpty ? "-" : $0.value)=\($0.phase)\($0.message.map { " [\($0)]" } ?? "")" }.joined(separator: ", "))"
                }.joined(separator: "; ") + ")"
        }
    }

    struct Metric: Decodable {
        var name: String
        var phase: String
        var measurements: [Measurement]
    }

    struct Measurement: Decodable {
        var value: String
        var phase: String
        var message: String?
    }

    var at: Int
    var runs: [Run]
}

/// The verdict table the note and the log show: spec, scenario, the gate's and the watch's
/// phase, and the first measurement of each metric.
struct VerdictTable {
    private var rows: [[String]] = [["spec", "scenario", "gate", "watch", "first measurements"]]

    mutating func add(spec: String, scenario: GateScenario, gate: Verdict.Run?, watch: Verdict.Run?) {
        let values = (gate?.metrics ?? []).map { "\($0.name)=\($0.measurements.first?.value ?? "-")" }.joined(separator: " ")
        rows.append([spec, scenario.rawValue, gate?.phase ?? "none", watch?.phase ?? "none", values])
    }

    var text: String {
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map {
                $0.offset == 4 ? $0.element : $0.element.padding(toLength: widths[$0.offset] + 2, withPad: " ", startingAt: 0)
            }
            .joined()
        }.joined(separator: "\n")
    }
}
