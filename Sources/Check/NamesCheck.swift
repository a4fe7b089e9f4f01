import Diagnostics
import Plan
import Spec

/// Names glidepath derives (`<service>-canary`, `<service>-slo`) must be valid Kubernetes names
/// too; and the two sides of a host-routed canary need two different Services.
enum NamesCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        let names = context.names
        let service = spec.metadata.service
        let derived: [(String, String)] = [
            ("AnalysisTemplate", names.analysisTemplate), ("AnalysisTemplate", names.watchTemplate),
            ("stable Service", names.stableService), ("canary Service", names.canaryService),
        ]
        for (what, name) in derived where name.count > 63 {
            diagnostics.append(CheckMessages.derivedNameTooLong(what, name: name, from: service))
        }
        if spec.traffic.routing.value == .host, names.stableService == names.canaryService {
            let range = spec.traffic.canaryService?.range ?? spec.traffic.stableService?.range ?? spec.traffic.range
            diagnostics.append(CheckMessages.sameServiceBothSides(names.canaryService, at: range))
        }
        var seenHosts = Set<String>()
        for host in spec.traffic.hosts ?? [] where !seenHosts.insert(host.value).inserted {
            diagnostics.append(CheckMessages.duplicateHost(host))
        }
    }
}
