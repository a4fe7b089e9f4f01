import Plan
import TestSupport
import Testing

@testable import Check

/// The stale-read invariant the clean-up order is derived from.
@Suite struct DataFlowCheckTests {
    /// The order this release had before: at the end of the soak dual writes went off (writes
    /// reach only orders) while reads came from orders_v2. The invariant reports it.
    @Test func dualWritesOffWhileReadsComeFromTheNewStoreIsAStaleRead() throws {
        let plan = try examplePlan("orders-shipping-zone")
        var state = FlowState(stores: plan.stores, flags: plan.flags, data: plan.data)
        state.replay(plan.lifecycle, upTo: .fullTraffic)
        #expect(state.flow.staleReads.isEmpty)
        state.dualWrite = .off
        let stale = state.flow
        #expect(stale.staleReads.map(\.store) == [.new], "\(stale)")
        let violations = DataFlowCheck.violations(
            events: [LifecycleEvent(kind: .soakEnd, flow: stale)], wayBack: [], stores: plan.stores)
        #expect(violations == [.init(when: "after the soak", version: "new", store: "orders_v2")])
    }

    /// Reads flipped while only the cohort dual-writes: rows of the other users miss the new store.
    @Test func readsFlippedWhileOnlyACohortDualWritesIsAStaleRead() throws {
        let plan = try examplePlan("orders-shipping-zone")
        var state = FlowState(stores: plan.stores, flags: plan.flags, data: plan.data)
        state.apply(phase: .expand)
        state.dualWrite = .cohort(percent: 10)
        state.readFlip = true
        #expect(!state.flow.staleReads.isEmpty)
    }

    /// Every example's plan, forward and on every way back, holds the invariant.
    @Test(arguments: ["minimal", "orders-shipping-zone", "monolith-to-kubernetes"])
    func theExamplesHoldTheInvariant(_ example: String) throws {
        #expect(DataFlowCheck.violations(try examplePlan(example)).isEmpty)
    }
}
