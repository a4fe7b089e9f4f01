public import Plan

/// The first publish and the version change in words, the same in the runbook's cutover
/// procedure and `glidepath plan`. Argo Rollouts creates a Rollout that does not exist yet at
/// 100% with no steps and no analysis (its documented rule for a new Rollout), so the first
/// sync must run what already serves traffic, and the new version is a second publish.
public struct LifecycleWording: Sendable {
    public struct Step: Sendable, Equatable {
        public var title: String
        public var detail: String
        public var commands: [Command]
    }

    /// Nil for a new service: there is no version to start from.
    public var firstSync: Step?
    public var versionChange: Step

    public init(plan: CheckedPlan) {
        let commands = plan.commands
        let spec = plan.origin.displayPath
        let newRule =
            "Argo Rollouts creates a Rollout that does not exist yet at 100% with no steps and no analysis, which is safe only "
            + "because nothing changes for users."
        let stage =
            plan.workload.stage == .baseline ? "This spec is at this stage now." : "Done before this spec moved to workload.stage: canary."
        let image = plan.workload.template?.image ?? plan.workload.toVersion ?? "the new version"
        let versionChange =
            "In a pull request of its own, set workload.stage: canary in \(spec) (the Rollout's template becomes \(image)), "
            + "publish it, then sync: Argo Rollouts moves traffic step by step and runs the analysis gates."
        switch plan.workload.baseline {
        case .image(let from):
            firstSync = Step(
                title: "First sync: the baseline",
                detail: "Publish the spec with workload.stage: baseline and sync: Argo CD creates the Rollout running \(from), the "
                    + "version serving traffic now. " + newRule + " Go on only when the Rollout is Healthy. " + stage,
                commands: [commands.sync, commands.get])
            self.versionChange = Step(
                title: "Start the rollout: the version change", detail: versionChange, commands: [commands.sync, commands.watch])
        case .legacy(let legacy):
            let names = plan.names
            firstSync = Step(
                title: "First sync: the bridge to the legacy backend",
                detail: "Publish the spec with workload.stage: baseline and sync: the Rollout runs a bridge (nginx, "
                    + "\(names.legacyBridge)) that forwards every request to \(legacy.host):\(legacy.port) through ServiceEntry "
                    + "\(names.serviceEntry), so traffic on \(names.hosts.joined(separator: ", ")) reaches the "
                    + (legacy.description.map { "old version (\($0))" } ?? "old version") + " through the mesh. " + newRule
                    + " Compare the bridge's responses with the backend's before going on. " + stage,
                commands: [commands.sync, commands.get])
            self.versionChange = Step(
                title: "Start the rollout: the version change",
                detail: versionChange
                    + " Each step moves that share of traffic from the legacy backend (through the bridge) to the new version.",
                commands: [commands.sync, commands.watch])
        case .deployment(let deployment):
            firstSync = Step(
                title: "First sync: the Rollout takes over Deployment \(deployment)",
                detail: "Sync: the Rollout takes over Deployment \(deployment) as it runs (workloadRef, scaleDown "
                    + "\(plan.workload.scaleDown)). " + newRule + " Change the Deployment's image only once the Rollout is Healthy: "
                    + "a Rollout created with a new template would skip the canary steps.",
                commands: [commands.sync, commands.get])
            let to = plan.workload.toVersion.map { " to \($0)" } ?? ""
            self.versionChange = Step(
                title: "Start the rollout: the version change",
                detail: "Change the image of Deployment \(deployment)\(to) in the manifests that own it and sync them: the Rollout "
                    + "takes the new template and Argo Rollouts moves traffic step by step, running the analysis gates.",
                commands: [commands.watch])
        case .none:
            firstSync = nil
            self.versionChange = Step(
                title: "First sync: a new service",
                detail: "Nothing runs before this version (the spec names no workload.from), so the first sync creates the Rollout at "
                    + "100% with no steps and no analysis; the canary steps apply from the next version change on.",
                commands: [commands.sync, commands.watch])
        }
    }
}
