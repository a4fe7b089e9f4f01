import Plan
import Units

extension Trap {
    /// The playbook's traps that this migration's spec shows it can fall into, each with why
    /// it applies here and what to do about it.
    static func applying(to plan: CheckedPlan) -> [Trap] {
        var traps: [Trap] = []
        if plan.profile?.longLivedConnections == true {
            traps.append(
                Trap(
                    title: "Long-lived connections",
                    why: "The profile says clients hold gRPC streams or WebSockets: they stay pinned to old pods whatever the weights say.",
                    remedy:
                        "Set a connection max age and drain old pods (preStop hooks), and watch connection counts per version, not only request rates."
                ))
        }
        if plan.profile?.stickySessions == true {
            traps.append(
                Trap(
                    title: "Sticky sessions",
                    why: "The profile says a load balancer pins users to pods, so users keep reaching the old stack.",
                    remedy: "Disable stickiness or cut its TTL to seconds for the cutover; keep session state outside the pods."))
        }
        if let mirror = plan.routing.mirror {
            traps.append(
                Trap(
                    title: "Third-party rate limits",
                    why:
                        "Shadow traffic to \(mirror.host) repeats \(Percent.text(mirror.percent)) of calls, and with them every call the service makes to third parties.",
                    remedy: "Stub or throttle third-party calls from the shadow host."))
        }
        let mirroredWrites = plan.routing.mirror?.idempotent == true
        if plan.hasDualWrites || mirroredWrites {
            traps.append(
                Trap(
                    title: "Idempotency",
                    why: "Dual writes" + (mirroredWrites ? " and mirrored writes" : "")
                        + " can repeat side effects (emails, payments, events).",
                    remedy: "Require idempotency keys on every write path the new store sees twice; keep side effects on one path only."))
        }
        if plan.data?.backfill != nil {
            traps.append(
                Trap(
                    title: "Backfill distance",
                    why:
                        "The backfill copies every row; run far from the database (another region) it is slow and holds connections longer.",
                    remedy:
                        "Run the backfill close to the database, keep the batch size and pause from the spec, and watch replication lag while it runs."
                ))
        }
        if let flags = plan.flags, case .object(_, .gitops) = flags.system, flags.killSwitch != nil {
            traps.append(
                Trap(
                    title: "A kill switch behind a pull request",
                    why:
                        "Flags change by editing the spec and publishing: the kill switch takes a review, a merge, a publish and a sync, minutes rather than seconds.",
                    remedy:
                        "Keep the pull request that turns the kill switch on ready before the cutover hour, or set 'flags.change: kubectl' so the on-call can patch the flag object directly."
                ))
        }
        return traps
    }
}
