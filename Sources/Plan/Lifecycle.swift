/// Which version reads which store, and which stores every write reaches, at one point of the
/// migration. The playbook's application code honours the flags in every running version (the
/// flag-guarded code ships before the migration starts): the dual-write flag off means writes
/// reach only the old store; the read flag on means reads come from the new store; the kill
/// switch sends every user back to the old path.
public struct DataFlow: Sendable, Equatable, CustomStringConvertible {
    public enum Version: String, Sendable, Equatable, Comparable {
        /// The version serving traffic before the migration.
        case old
        /// The version the migration rolls out.
        case new
        /// The release after the soak that no longer carries the migration's flags.
        case flagFree = "flag-free"

        private var order: Int { self == .old ? 0 : self == .new ? 1 : 2 }
        public static func < (lhs: Version, rhs: Version) -> Bool { lhs.order < rhs.order }
    }

    public enum Store: String, Sendable, Equatable {
        case old, new
    }

    /// The versions serving traffic, in order.
    public var running: [Version]
    /// Per running version, the store its reads come from.
    public var reads: [Version: Store]
    /// Stores every write reaches (a cohort's dual writes reach the new store for some users only).
    public var writtenByAll: Set<Store>
    /// Stores some writes reach.
    public var writtenBySome: Set<Store>

    package init(running: [Version], reads: [Version: Store], writtenByAll: Set<Store>, writtenBySome: Set<Store>) {
        self.running = running.sorted()
        self.reads = reads
        self.writtenByAll = writtenByAll
        self.writtenBySome = writtenBySome.union(writtenByAll)
    }

    /// Running versions that read a store not every write reaches: they miss rows (the
    /// invariant `check` holds every plan to).
    public var staleReads: [(version: Version, store: Store)] {
        running.compactMap { version in
            guard let store = reads[version], !writtenByAll.contains(store) else { return nil }
            return (version, store)
        }
    }

    public var description: String {
        let readsText = running.map { "\($0.rawValue) reads \(reads[$0]?.rawValue ?? "-")" }.joined(separator: ", ")
        let all = [Store.old, .new].filter { writtenByAll.contains($0) }.map(\.rawValue).joined(separator: "+")
        let some = [Store.old, .new].filter { writtenBySome.contains($0) && !writtenByAll.contains($0) }.map(\.rawValue)
        return readsText + "; writes reach " + (all.isEmpty ? "nothing" : all)
            + (some.isEmpty ? "" : " (and \(some.joined()) for a cohort)")
    }
}

/// The two stores of the data plan, for people: `orders` and `orders_v2`, or a table and its new
/// columns when the backfill fills columns in place.
public struct DataStores: Sendable, Equatable {
    public var old: String
    public var new: String
    /// Separate tables: once nothing writes the old one, going back to it loses rows.
    public var separate: Bool

    package init(old: String, new: String, separate: Bool) {
        self.old = old
        self.new = new
        self.separate = separate
    }

    public func name(_ store: DataFlow.Store) -> String { store == .old ? old : new }
}

/// One event of the migration in the order it happens, from the first publish to the last
/// clean-up step, with the data flow right after it.
public struct LifecycleEvent: Sendable {
    public enum Kind: Sendable, Equatable {
        /// The first publish, synced: the Rollout exists and runs the baseline.
        case baselineSynced
        case phase(DataPhase.Kind)
        case flag(FlagPlan.Role, FlagPlan.Value)
        /// The publish that changes the Rollout's template, synced: the canary steps start.
        case versionChange
        case weight(Int)
        /// The rollout completed: the new version is stable.
        case fullTraffic
        case soakEnd
        /// The release without the migration's flags reaches 100%.
        case flagFreeRelease
        case contract
        case flagsRemoved
    }

    public var kind: Kind
    public var flow: DataFlow
    /// After this event no way back keeps every row or lets the old version run.
    public var pointOfNoReturn: Bool

    package init(kind: Kind, flow: DataFlow, pointOfNoReturn: Bool = false) {
        self.kind = kind
        self.flow = flow
        self.pointOfNoReturn = pointOfNoReturn
    }
}

/// The step after which there is no way back, and why.
public enum PointOfNoReturn: Sendable, Equatable {
    /// The flag-free release stops writing the old store: going back to it would lose the rows
    /// written since.
    case oldStoreRetired(store: String)
    /// The contract file removes what the old version reads or writes.
    case contract(file: String)
}
