import Testing

@testable import StatsHTTP

@Suite("Query values' bytes as sent")
struct PercentDecodingTests {
    @Test(
        "escapes decode to their bytes, other bytes pass through, a malformed escape is nil",
        arguments: [
            ("", [UInt8]?.some([])),
            ("abc", [0x61, 0x62, 0x63]),
            ("%41%62", [0x41, 0x62]),
            ("%ef%BF%bd", [0xEF, 0xBF, 0xBD]),
            ("a%FFb", [0x61, 0xFF, 0x62]),
            ("100%", nil),
            ("%4", nil),
            ("%zz", nil),
            ("%4g", nil),
        ])
    func decoding(encoded: String, expected: [UInt8]?) {
        #expect(QueryParameters.percentDecoded(encoded[...].utf8) == expected)
    }
}
