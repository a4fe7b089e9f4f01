import Dispatch
import Foundation

/// Work that is the same for every item and independent between items (checking a spec,
/// rendering a migration), spread over every core. Results come back in the items' order,
/// so the output does not depend on the scheduling.
public enum Parallel {
    public static func map<Item: Sendable, Output: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Output) -> [Output] {
        guard items.count > 1 else { return items.map(transform) }
        let results = Slots<Output>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, transform(items[index]))
        }
        return results.values
    }

    /// Two independent pieces of work at once (parsing the templates while a spec is checked).
    public static func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let firsts = Slots<First>(count: 1)
        let seconds = Slots<Second>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { firsts.set(0, first()) } else { seconds.set(0, second()) }
        }
        // Both slots are filled once concurrentPerform returns.
        return (firsts.values[0], seconds.values[0])
    }

    /// One slot per item, each written once by the worker that made it.
    private final class Slots<Output: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Output?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Output) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }

        var values: [Output] {
            lock.lock()
            defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }
}
