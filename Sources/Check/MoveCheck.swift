import Diagnostics
import Spec

/// A move to another database is a data plan of its own: it names two different databases,
/// each table once, and is not mixed with expand/contract phases in one spec.
enum MoveCheck: Check {
    static func run(_ context: CheckContext, into diagnostics: inout Diagnostics) {
        guard let data = context.spec.data, let move = data.move else { return }
        if !data.expand.isEmpty || data.backfill != nil || !data.contract.isEmpty {
            diagnostics.append(CheckMessages.moveWithExpandContract(move.range))
        }
        if move.source.variable.value == move.target.variable.value {
            diagnostics.append(CheckMessages.moveToItself(move.target.variable))
        }
        if data.runner.value == "cluster" {
            diagnostics.append(CheckMessages.moveInCluster(data.runner))
        }
        var seen = Set<String>()
        for table in move.tables {
            let name = table.table.value.contains(".") ? table.table.value : "public." + table.table.value
            if !seen.insert(name).inserted { diagnostics.append(CheckMessages.tableMovedTwice(table.table)) }
        }
        if case .atWeight(let weight) = move.at.value, !context.spec.traffic.steps.contains(where: { $0.weight.value == weight }) {
            diagnostics.append(CheckMessages.momentNotAStep(move.at, weights: context.spec.traffic.steps.map(\.weight.value)))
        }
    }
}
