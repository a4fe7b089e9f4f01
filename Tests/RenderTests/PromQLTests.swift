import Testing
@testable import Render

@Suite struct PromQLTests {
    @Test func labelValuesAreEscapedAsPromQLStrings() {
        let selector = PromQL.selector(metric: "m", matchers: [
            .init(label: "a", op: .equal, value: .literal("quote\" back\\slash\nnewline")),
            .init(label: "b", op: .equal, value: .literal("}) or vector(1) #")),
            .init(label: "c", op: .regexMatch, value: .argument("canary")),
        ], range: "2m")
        #expect(selector.text == #"m{a="quote\" back\\slash\nnewline",b="}) or vector(1) #",c=~"{{args.canary}}"}[2m]"#)
    }

    @Test func numbersAreWrittenAsPlainDecimals() {
        #expect(PromQL.decimal(0.3 / 100) == "0.003")
        #expect(PromQL.decimal(1 + 15.0 / 100) == "1.15")
        #expect(PromQL.decimal(0.00001) == "0.00001")
        #expect(PromQL.decimal(250) == "250")
    }

    @Test func quantilesSumByLe() {
        let query = PromQL.call("histogram_quantile", [.number(0.95), .sumBy(["le"], .rate("d_bucket", [], window: "2m"))])
        #expect(query.text == "histogram_quantile(0.95, sum by (le) (rate(d_bucket[2m])))")
    }
}
