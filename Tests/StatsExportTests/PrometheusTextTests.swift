import StatsExport
import Testing

@Suite("Prometheus text: names, escaping, numbers")
struct PrometheusTextTests {
    @Test("metric and label names are sanitized to the allowed alphabets")
    func names() {
        #expect(PrometheusText.metricName("http.requests-total") == "http_requests_total")
        #expect(PrometheusText.metricName("9lives") == "_9lives")
        #expect(PrometheusText.metricName("a:b_c") == "a:b_c")
        #expect(PrometheusText.metricName("") == "_")
        #expect(PrometheusText.metricName("größe") == "gr____e")
        #expect(PrometheusText.labelName("a:b") == "a_b")
        #expect(PrometheusText.labelName("__name") == "x__name")
    }

    @Test("label values escape backslash, double quote and newline; help escapes backslash and newline")
    func escaping() {
        #expect(PrometheusText.escapeLabelValue(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusText.escapeHelp(#"say "hi" \ "# + "\nbye") == #"say "hi" \\ \nbye"#)
    }

    @Test("numbers: integers without a fraction, shortest round-trip otherwise, Inf and NaN spelled out")
    func numbers() {
        #expect(PrometheusText.number(10) == "10")
        #expect(PrometheusText.number(-3) == "-3")
        #expect(PrometheusText.number(0.25) == "0.25")
        #expect(PrometheusText.number(1e-6) == "1e-06")
        #expect(PrometheusText.number(.infinity) == "+Inf")
        #expect(PrometheusText.number(-.infinity) == "-Inf")
        #expect(PrometheusText.number(.nan) == "NaN")
        #expect(PrometheusText.number(1e20) == "1e+20")
    }
}
