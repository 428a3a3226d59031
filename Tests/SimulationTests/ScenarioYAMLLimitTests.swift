import Foundation
import Testing

@testable import Simulation

@Suite("Loading YAML: bounded work, every duplicate key")
struct ScenarioYAMLLimitTests {
    typealias Location = ScenarioFixtures.Location

    /// `levels` anchors, each a list of ten aliases of the one before (the first: ten scalars), as top-level
    /// keys `l0`, `l1`, …; the text is a few hundred bytes whatever the expansion.
    private func bomb(levels: Int) -> String {
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<levels {
            let previous = "*l\(level - 1)"
            lines.append(
                "l\(level): &l\(level) [" + Array(repeating: previous, count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n")
    }

    @Test("an alias bomb used as a mapping key is refused quickly, at the alias that crosses the node limit")
    func keyBomb() {
        let yaml = bomb(levels: 9) + "\n? *l8\n: 1"
        #expect(yaml.utf8.count < 600)
        let found = ScenarioFixtures.issues(yaml)
        // l0 … l3 expand to 11 + 111 + 1111 + 11111 nodes; the 100 000 limit falls inside l4's list.
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.line == 5)
        #expect(found.first?.message.contains("expands to more than 100000 nodes") == true)
    }

    @Test("a small aliased list used as a mapping key is refused: keys are plain names")
    func aliasKey() {
        let yaml = bomb(levels: 2) + "\n? *l1\n: 1"
        let found = ScenarioFixtures.issues(yaml)
        #expect(ScenarioFixtures.locations(found) == [Location(line: 3, column: 3, path: "")])
        #expect(found.first?.message == "a mapping key must be a plain name, not an alias to a mapping or list")
        let mappingKey = ScenarioFixtures.issues("? {a: 1}\n: 2")
        #expect(ScenarioFixtures.locations(mappingKey) == [Location(line: 1, column: 3, path: "")])
    }

    @Test("the same bomb used as values, and a deeper one that would fill memory, are refused at the node limit")
    func valueBombs() {
        for levels in [9, 30] {
            let found = ScenarioFixtures.issues(bomb(levels: levels))
            #expect(found.count == 1, "\(found)")
            #expect(found.first?.line == 5)
            #expect(found.first?.message.contains("expands to more than 100000 nodes") == true)
        }
    }

    @Test("nesting deeper than the limit is refused where it crosses it, also through an alias")
    func depth() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let found = ScenarioFixtures.issues(deep)
        #expect(ScenarioFixtures.locations(found) == [Location(line: 1, column: 33, path: "")])
        #expect(found.first?.message == "nested more than 32 levels deep")
        let twenty = String(repeating: "[", count: 20) + "x" + String(repeating: "]", count: 20)
        let aliased = ScenarioFixtures.issues("a: &a \(twenty)\nb: [[[[[[[[[[[[[[*a]]]]]]]]]]]]]]")
        #expect(aliased.count == 1)
        #expect(aliased.first?.message == "nested more than 32 levels deep (aliases expanded)")
    }

    @Test("nesting past libyaml's own limit (1,000 levels, met while scanning ahead) gets the same refusal")
    func depthPastLibyaml() {
        for deep in [
            "name: x\nx: " + String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000),
            "x: " + String(repeating: "{a: ", count: 1500) + "1" + String(repeating: "}", count: 1500),
        ] {
            let found = ScenarioFixtures.issues(deep)
            #expect(found.count == 1, "\(found)")
            #expect(found.first?.message == "nested more than 32 levels deep", "\(found)")
        }
    }

    @Test("an explicit tag on a value, a list or a mapping is refused at the node, not ignored")
    func tags() {
        let yaml =
            ScenarioFixtures.minimal + "\nworkers: !!str 2\ndescription: !!binary aGk=\nx: !local [1]\ny: !!map {}"
        let found = ScenarioFixtures.issues(yaml)
        let messages = found.map(\.message)
        #expect(
            messages == [
                "the YAML tag '!!str' is not read (each field has its own type); remove it",
                "the YAML tag '!!binary' is not read (each field has its own type); remove it",
                "the YAML tag '!local' is not read (each field has its own type); remove it",
                "the YAML tag '!!map' is not read (each field has its own type); remove it",
            ], "\(found)")
        let lines = ScenarioFixtures.minimal.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(found.map(\.line) == [lines + 1, lines + 2, lines + 3, lines + 4])
        // A quoted value that looks like a tag is plain text.
        #expect(ScenarioFixtures.issues(ScenarioFixtures.minimal + "\ndescription: '!!str 7'").isEmpty)
    }

    @Test("a file over the size limit is refused before it is parsed")
    func fileSize() {
        let yaml = ScenarioFixtures.minimal + "\ndescription: " + String(repeating: "x", count: 1_100_000)
        let found = ScenarioFixtures.issues(yaml)
        #expect(ScenarioFixtures.locations(found) == [Location(line: 1, column: 1, path: "")])
        #expect(found.first?.message.contains("more than the 1048576 a scenario may be") == true)
    }

    @Test("an undefined alias and a second document are located")
    func aliasesAndDocuments() {
        #expect(
            ScenarioFixtures.locations(ScenarioFixtures.issues("a: *nowhere")) == [
                Location(line: 1, column: 4, path: "")
            ])
        let two = ScenarioFixtures.issues(ScenarioFixtures.minimal + "\n---\nname: u")
        #expect(ScenarioFixtures.locations(two) == [Location(line: 9, column: 1, path: "")])
    }

    @Test("every duplicate key is reported in one pass, each at the repeat, at every depth")
    func everyDuplicate() {
        let yaml = """
            name: t
            seed: 1
            duration: 1s
            seed: 2
            requests:
              methods:
                - name: a
                  latency: {constant: 1ms}
                  latency: {constant: 2ms}
                  name: b
            arrival: {poisson: 1k/s, poisson: 2k/s}
            stats: {interval: 1s}
            stats: {interval: 2s}
            seed: 3
            """
        let found = ScenarioFixtures.issues(yaml)
        #expect(
            ScenarioFixtures.locations(found) == [
                Location(line: 4, column: 1, path: ""), Location(line: 9, column: 7, path: ""),
                Location(line: 10, column: 7, path: ""), Location(line: 11, column: 26, path: ""),
                Location(line: 13, column: 1, path: ""), Location(line: 14, column: 1, path: ""),
            ])
        #expect(
            found.map(\.message).first
                == "key 'seed' appears more than once in one mapping (first at line 2, column 1); keep only one")
        #expect(
            found[2].message.hasPrefix("key 'name' appears more than once in one mapping (first at line 7, column 7)"))
    }

    @Test("the same key in different mappings is not a duplicate")
    func sameKeyElsewhere() {
        let yaml = ScenarioFixtures.minimal.replacingOccurrences(
            of: "      latency: {constant: 1ms}",
            with: "      latency: {constant: 1ms}\n    - name: b\n      latency: {constant: 1ms}")
        #expect(ScenarioFixtures.issues(yaml).isEmpty)
    }
}
