import Plan
import Testing
import Units

@testable import Render

@Suite struct PromQLTests {
    @Test func labelValuesAreEscapedAsPromQLStrings() {
        let selector = PromQL.selector(
            metric: "m",
            matchers: [
                .init(label: "a", op: .equal, value: .literal("quote\" back\\slash\nnewline")),
                .init(label: "b", op: .equal, value: .literal("}) or vector(1) #")),
                .init(label: "c", op: .regexMatch, value: .argument("canary")),
            ], range: "2m")
        #expect(selector.text == #"m{a="quote\" back\\slash\nnewline",b="}) or vector(1) #",c=~"{{args.canary}}"}[2m]"#)
    }

    @Test func numbersAreWrittenAsPlainDecimals() {
        #expect(PlainDecimal.text(0.3 / 100) == "0.003")
        #expect(PlainDecimal.text(1 + 15.0 / 100) == "1.15")
        #expect(PlainDecimal.text(0.00001) == "0.00001")
        #expect(PlainDecimal.text(250) == "250")
        #expect(PlainDecimal.text(1e300) == "1e+300")
        #expect(PlainDecimal.text(-0.5) == "-0.5")
    }

    /// The numerator of a ratio falls back to 0 only where the denominator has a sample.
    @Test func ratiosDefaultAnAbsentNumeratorToZero() {
        let errors = PromQL.rate("r", [.init(label: "s", op: .regexMatch, value: .literal("5.."))], window: "1m")
        let all = PromQL.rate("r", [], window: "1m")
        #expect(
            PromQL.ratioDefaultingToZero(errors, over: all).text == """
                (
                  rate(r{s=~"5.."}[1m])
                  or on()
                  0 * rate(r[1m])
                )
                /
                rate(r[1m])
                """)
    }

    @Test func quantilesSumByLe() {
        let query = PromQL.call("histogram_quantile", [.number(0.95), .sumBy(["le"], .rate("d_bucket", [], window: "2m"))])
        #expect(query.text == "histogram_quantile(0.95, sum by (le) (rate(d_bucket[2m])))")
    }
}
