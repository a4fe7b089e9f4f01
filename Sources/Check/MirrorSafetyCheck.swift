import Diagnostics
import Spec
import Units

/// Shadow traffic that includes writes, while dual writes are on, applies every side effect
/// twice (the seed's "idempotency" trap): an error unless the spec says the target dedupes.
/// Also: mirroring stages must grow.
enum MirrorSafetyCheck: Check {
    static let readMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]

    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let spec = context.spec
        guard let mirror = spec.traffic.mirror else { return }
        let writes = mirror.methods.map { $0.filter { !readMethods.contains($0) } } ?? ["all methods"]
        let dualWriteFlag = spec.flags?.dualWrite
        let dualWriteTrigger = !(spec.data?.dualWriteTriggers.isEmpty ?? true)
        if !writes.isEmpty, !mirror.idempotent, dualWriteFlag != nil || dualWriteTrigger {
            diagnostics.append(
                CheckMessages.mirroredWritesWithDualWrites(
                    mirror, writes: writes, flag: dualWriteFlag, trigger: dualWriteTrigger))
        }
        var previous = mirror.percent.value
        for stage in mirror.growth {
            if stage.value < previous {
                diagnostics.append(CheckMessages.mirrorGrowthShrinks(stage, previous: previous))
            }
            previous = stage.value
        }
    }
}
