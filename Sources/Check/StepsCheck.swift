import Diagnostics
import Spec
import Units

/// Canary weights rise strictly and end at 100; hold points name real steps; and the plan has
/// the gates and waits an SRE expects.
enum StepsCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        let traffic = context.spec.traffic
        let steps = traffic.steps
        for (previous, step) in zip(steps, steps.dropFirst()) where step.weight.value <= previous.weight.value {
            diagnostics.append(CheckMessages.weightNotIncreasing(step.weight, after: previous.weight))
        }
        if let last = steps.last, last.weight.value != 100 {
            diagnostics.append(CheckMessages.lastWeightNot100(last.weight))
        }
        let weights = steps.map(\.weight.value)
        var held = Set<Int>()
        for hold in traffic.holdPoints {
            if !weights.contains(hold.at.value) {
                diagnostics.append(CheckMessages.holdPointNotAStep(hold.at, weights: weights))
            } else if !held.insert(hold.at.value).inserted {
                diagnostics.append(CheckMessages.duplicateHoldPoint(hold.at))
            }
        }
        if let firstHalf = steps.first(where: { $0.weight.value >= 50 }),
            !steps.contains(where: { $0.weight.value < 50 && $0.analysis })
        {
            diagnostics.append(CheckMessages.noGateBeforeHalf(firstHalf.weight))
        }
        let window = traffic.analysis.window.value
        for step in steps where step.analysis {
            let pause = step.pause?.value ?? .zero
            if pause < window {
                diagnostics.append(CheckMessages.pauseShorterThanWindow(step, pause: pause, window: traffic.analysis.window))
            }
        }
        for step in steps.dropLast() where step.pause == nil && !step.analysis && !held.contains(step.weight.value) {
            diagnostics.append(CheckMessages.stepWithoutWait(step.weight))
        }
    }
}
