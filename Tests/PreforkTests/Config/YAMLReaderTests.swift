import Foundation
import Testing
import TestSupport
@testable import Settings

/// The config file's YAML subset, read by `YAMLReader` through `ConfigFile.parse`: what each construct
/// gives, and the exact refusal of what a config file may not hold.
@Suite struct YAMLReaderTests {
    private static let path = "test.yaml"

    private func entries(_ yaml: String) throws -> [ConfigFile.Entry] {
        try ConfigFile.parse(yaml: yaml, path: Self.path).entries
    }

    private func entry(_ key: String, _ input: RawInput, line: Int) -> ConfigFile.Entry {
        ConfigFile.Entry(key: key, input: input, line: line)
    }

    /// The error parsing `yaml` throws, nil when it parses.
    private func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try ConfigFile.parse(yaml: yaml, path: Self.path)
            return nil
        } catch {
            return error
        }
    }

    private func syntax(line: Int, column: Int, _ problem: String) -> ConfigError {
        .syntax(path: Self.path, line: line, column: column, problem: problem)
    }

    // MARK: - What it reads

    @Test func plainScalarsKeepTheirText() throws {
        let yaml = """
            enabled: true
            port: 8000
            share: 0.5
            umask: 0022
            title: hello world
            url: http://example.com:8080/x?a=b
            hash: a#b
            negative: -1
            colon: :x
            spaced : value

            """
        #expect(try entries(yaml) == [
            entry("enabled", .scalar("true"), line: 1), entry("port", .scalar("8000"), line: 2),
            entry("share", .scalar("0.5"), line: 3), entry("umask", .scalar("0022"), line: 4),
            entry("title", .scalar("hello world"), line: 5), entry("url", .scalar("http://example.com:8080/x?a=b"), line: 6),
            entry("hash", .scalar("a#b"), line: 7), entry("negative", .scalar("-1"), line: 8),
            entry("colon", .scalar(":x"), line: 9), entry("spaced", .scalar("value"), line: 10),
        ])
        #expect(try entries("trailing: blanks  \t \n") == [entry("trailing", .scalar("blanks"), line: 1)])
    }

    @Test func onlyPlainNullWordsAreNull() throws {
        let yaml = "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: \"null\"\ng: '~'\nh: \"\"\ni: nil\n"
        #expect(try entries(yaml).map(\.input) == [
            .null, .null, .null, .null, .null, .scalar("null"), .scalar("~"), .scalar(""), .scalar("nil"),
        ])
    }

    @Test func commentsAreSkippedOutsideQuotes() throws {
        let yaml = """
            # a comment
            a: 1 # after the value
              # an indented comment line
            \t# a comment after a tab
            b: "x # y" # z
            c: 'p #q'
            d: # the value is on the next lines
              - 1

            """
        #expect(try entries(yaml) == [
            entry("a", .scalar("1"), line: 2), entry("b", .scalar("x # y"), line: 5),
            entry("c", .scalar("p #q"), line: 6), entry("d", .list(["1"]), line: 7),
        ])
    }

    @Test func documentStartAndEndMarkersAreAccepted() throws {
        #expect(try entries("---\na: 1\n...\n# after the end\n") == [entry("a", .scalar("1"), line: 2)])
        #expect(try entries("--- # start\na: 1\n") == [entry("a", .scalar("1"), line: 2)])
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n", "~\n", "null\n"])
    func anEmptyOrNullDocumentHasNoEntries(yaml: String) throws {
        #expect(try entries(yaml) == [])
    }

    @Test func nestedMappingsAtAnyIndentationAreSkippedAsNested() throws {
        let yaml = """
            a:
                 b: 1
                 c:
                   d: [2]
                 e: |
                   text
            f: 3
            g: {h: 1, i: [x]}

            """
        #expect(try entries(yaml) == [
            entry("a", .nested, line: 1), entry("f", .scalar("3"), line: 7), entry("g", .nested, line: 8),
        ])
    }

    @Test func theWholeDocumentMayBeIndented() throws {
        #expect(try entries("  a: 1\n  b:\n    - x\n") == [entry("a", .scalar("1"), line: 1), entry("b", .list(["x"]), line: 2)])
    }

    @Test func blockSequencesOfScalarsAreLists() throws {
        let yaml = """
            indented:
              - x
              - "y"
              - 'z'
            level:
            - p
            -
            - ~
            after: 1

            """
        #expect(try entries(yaml) == [
            entry("indented", .list(["x", "y", "z"]), line: 1), entry("level", .list(["p", "", "~"]), line: 5),
            entry("after", .scalar("1"), line: 9),
        ])
    }

    @Test func sequencesHoldingCollectionsAreNested() throws {
        let yaml = """
            mappings:
              - k: v
                k2: w
              - j: 1
            lists:
              - - n
                - m
            flow:
              - [a]
            last: x

            """
        #expect(try entries(yaml) == [
            entry("mappings", .nested, line: 1), entry("lists", .nested, line: 5), entry("flow", .nested, line: 8),
            entry("last", .scalar("x"), line: 10),
        ])
    }

    @Test func flowSequencesOfScalarsAreLists() throws {
        let yaml = """
            a: [x, "y", 'z', with space, c:d]
            b: []
            c: [x,]
            d: [
              "10.0.0.0/8",  # a comment
              192.168.0.0/16,
            ]
            e: [1, [2]]
            f: {k: 1}

            """
        #expect(try entries(yaml) == [
            entry("a", .list(["x", "y", "z", "with space", "c:d"]), line: 1), entry("b", .list([]), line: 2),
            entry("c", .list(["x"]), line: 3), entry("d", .list(["10.0.0.0/8", "192.168.0.0/16"]), line: 4),
            entry("e", .nested, line: 8), entry("f", .nested, line: 9),
        ])
    }

    @Test func quotedScalarsDecodeTheirEscapes() throws {
        let yaml = #"""
            double: "\\ \" \n \t \r \0 \/ \x41 \u00e9 \U0001F600 'single' #"
            single: 'it''s "quoted" \n'
            "quoted key": 1
            'single key': 2

            """#
        #expect(try entries(yaml) == [
            entry("double", .scalar("\\ \" \n \t \r \0 / A \u{E9} \u{1F600} 'single' #"), line: 1),
            entry("single", .scalar("it's \"quoted\" \\n"), line: 2),
            entry("quoted key", .scalar("1"), line: 3), entry("single key", .scalar("2"), line: 4),
        ])
    }

    @Test func literalBlockScalarsKeepTheirLines() throws {
        let yaml = "clip: |\n  one\n   indented\n\n  three\n\nstrip: |-\n  x\n\nkeep: |+\n  y\n\n\n"
            + "digit: |2\n   z\nempty: |\nlast: |\n  end"
        #expect(try entries(yaml) == [
            entry("clip", .scalar("one\n indented\n\nthree\n"), line: 1), entry("strip", .scalar("x"), line: 7),
            entry("keep", .scalar("y\n\n\n"), line: 10), entry("digit", .scalar(" z\n"), line: 14),
            entry("empty", .scalar(""), line: 16), entry("last", .scalar("end\n"), line: 17),
        ])
    }

    @Test func foldedBlockScalarsJoinTheirLines() throws {
        let yaml = "folded: >\n  one\n  two\n\n  para\n    more\n  back\nstrip: >-\n  a\n  b\n\nkeep: >+\n\n  c\n\nnext: 1\n"
        #expect(try entries(yaml) == [
            entry("folded", .scalar("one two\npara\n  more\nback\n"), line: 1), entry("strip", .scalar("a b"), line: 8),
            entry("keep", .scalar("\nc\n\n"), line: 12), entry("next", .scalar("1"), line: 16),
        ])
    }

    @Test func windowsLineEndingsAndAByteOrderMarkAreRead() throws {
        #expect(try entries("\u{FEFF}a: 1\r\nb: |\r\n  x\r\n  y\r\nc: 2") == [
            entry("a", .scalar("1"), line: 1), entry("b", .scalar("x\ny\n"), line: 2), entry("c", .scalar("2"), line: 5),
        ])
    }

    @Test func tabsMaySeparateButNotIndent() throws {
        #expect(try entries("a:\tb\nc:\n -\tx\n") == [entry("a", .scalar("b"), line: 1), entry("c", .list(["x"]), line: 2)])
    }

    // MARK: - What it refuses

    @Test(arguments: [
        ("a: 1\n\tb: 2\n", 2, 1, "a tab indents this line; YAML indents with spaces only"),
        ("a:\n  \tb: 2\n", 2, 3, "a tab indents this line; YAML indents with spaces only"),
        ("a: \"x\n", 1, 4, "unterminated quoted value: the \" opened here is not closed on its line; a quoted value must end on the line it starts"),
        ("a: 'it''s\n  more'\n", 1, 4, "unterminated quoted value: the ' opened here is not closed on its line; a quoted value must end on the line it starts"),
        ("a: &base 1\n", 1, 4, "an anchor (&base) is not supported in a config file; write the value out in full"),
        ("a: 1\nb: *base\n", 2, 4, "an alias (*base) is not supported in a config file; write the value out in full"),
        ("a: [x, *y]\n", 1, 8, "an alias (*y) is not supported in a config file; write the value out in full"),
        ("a: !!str 1\n", 1, 4, "a tag (!!str) is not supported in a config file; write the value without it"),
        ("!x a: 1\n", 1, 1, "a tag (!x) is not supported in a config file; write the value without it"),
        ("a: 1\n<<: {b: 2}\n", 2, 1, "a merge key (<<) is not supported in a config file; write each key out"),
        ("? a\n: 1\n", 1, 1, "a complex key (`? `) is not supported in a config file; write `key: value` with a plain or quoted key"),
        ("[a]: 1\n", 1, 1, "a key must be a word or a quoted string, not a list or mapping"),
        ("a: 1\n---\nb: 2\n", 2, 1, "a second document starts here (---); a config file holds one document"),
        ("a: 1\n...\nb: 2\n", 3, 1, "text after the end of the document (...); remove it"),
        ("%YAML 1.2\n---\na: 1\n", 1, 1, "directives (%YAML, %TAG) are not supported in a config file; remove the line"),
        ("--- a: 1\n", 1, 5, "nothing but a comment may follow --- on its line; start the content on the next line"),
        ("a:\n    b: 1\n  c: 2\n", 3, 3,
         "bad indentation: this line is indented more than the key \"a\" above it, whose value has ended; align it with that key, or indent it less"),
        ("a: one\n  two\n", 2, 3,
         "bad indentation: this line is indented more than the key \"a\" above it, whose value has ended; align it with that key,"
            + " or indent it less (a value over several lines needs a block scalar: | or >)"),
        ("a:\n  - x\n   - y\n", 3, 4,
         "bad indentation: this line is indented more than the `-` above it, whose item has ended; align it with the `-`, or indent it less"),
        ("a:\n  - x\n  b: 1\n", 3, 3, "expected `- ` starting the next item of the list, or a line indented less"),
        ("  a: 1\nb: 2\n", 2, 1, "bad indentation: this line is indented less than the document's first line (column 3)"),
        ("a: 1\n- b\n", 2, 1, "a list item where a key of the mapping was expected; indent the list under its key"),
        ("a: 1\nb:2\n", 2, 1,
         "expected `key: value`, found \"b:2\" with no `: ` after a key; a colon ends a key only when a space or the line's end follows it"),
        ("a: b: c\n", 1, 5,
         "a second `: ` on the line of a key; quote a value that holds `: `, or write a nested mapping on the lines below its key, indented"),
        ("a: - b\n", 1, 4, "a list cannot start on the line of its key; put each `- ` item on a line of its own below the key"),
        ("a: \"x\" y\n", 1, 8, "unexpected text after the value; quote the whole value"),
        ("a: @x\n", 1, 4, "a value cannot start with \"@\"; quote the value"),
        ("a: \"\\q\"\n", 1, 5, "unknown escape \\q in a double-quoted value; the escapes are \\\\ \\\" \\/ \\n \\t \\r \\0 \\x \\u \\U"),
        ("a: \"\\u12\"\n", 1, 5, "the escape \\u needs 4 hexadecimal digits"),
        ("a: \"\\uD800\"\n", 1, 5, "the escape \\u names no Unicode character"),
        ("a: |x\n", 1, 5,
         "after | only a chomping indicator (- or +), an indentation digit (1 to 9) and a comment may follow on its line; the text starts on the next line"),
        ("a: [1, 2\n", 1, 4, "this [ is never closed with ]"),
        ("a: [1, 2\nb: 3\n", 2, 1, "this line is not indented under the list opened at line 1 column 4, and does not close it with ]"),
        ("a: [\"x\" y]\n", 1, 9, "expected `,` or `]` after an item of the list opened at line 1 column 4"),
        ("a: {b: 1,\n  \"c\" 2}\n", 2, 7, "expected `,` or `}` after an entry of the mapping opened at line 1 column 4"),
        ("a: [b: 1]\n", 1, 6, "a `key: value` pair inside [ ] is not supported in a config file; write a { } mapping"),
        ("a: x\nb\n", 2, 1,
         "expected `key: value`, found \"b\" with no `: ` after a key; a colon ends a key only when a space or the line's end follows it"),
        ("just words\nmore words\n", 2, 1,
         "the document's top level is a single value, so no line may follow it; a config file holds `key: value` lines"),
    ])
    func refusalNamesLineColumnAndProblem(yaml: String, line: Int, column: Int, problem: String) {
        #expect(error(yaml) == syntax(line: line, column: column, problem))
    }

    @Test func theRefusalReadsAsAConfigError() {
        #expect(error("a:\n\tb: 1\n")?.description
            == "config test.yaml line 2 column 1: invalid YAML: a tab indents this line; YAML indents with spaces only; fix the syntax")
    }

    @Test(arguments: ["- workers\n- 2\n", "[a, b]\n", "workers\n", "\"quoted\"\n", "|\n  text\n"])
    func aTopLevelThatIsNotAMappingIsRefused(yaml: String) {
        #expect(error(yaml) == .notAMapping(path: Self.path))
    }

    @Test func aKeySetTwiceIsRefused() {
        #expect(error("workers: 2\nbacklog: 1\n\"workers\": 3\n") == .duplicateKey(path: Self.path, key: "workers"))
    }

    @Test func keysMayRepeatInDifferentNestedMappings() throws {
        #expect(try entries("a:\n  x: 1\nb:\n  x: 2\n") == [entry("a", .nested, line: 1), entry("b", .nested, line: 3)])
    }

    @Test func nestingDeeperThanTheLimitIsRefused() throws {
        let limit = YAMLReader.maximumDepth
        let problem = "nested more than \(limit) levels deep; a config file needs a few"
        let flow = "a: " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit) + "\n"
        #expect(error(flow) == syntax(line: 1, column: 4 + limit - 1, problem))
        let shallower = "a: " + String(repeating: "[", count: limit - 1) + String(repeating: "]", count: limit - 1) + "\n"
        #expect(try entries(shallower) == [entry("a", .nested, line: 1)])
        let block = (0...limit).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " 1\n"
        #expect(error(block) == syntax(line: limit + 1, column: limit + 1, problem))
        let sequences = String(repeating: "- ", count: limit + 1) + "x\n"
        #expect(error(sequences) == syntax(line: 1, column: 2 * limit + 1, problem))
    }

    @Test(.timeLimit(.minutes(1)))
    func aDeepBombIsRefusedWithoutExhaustingTheStack() {
        #expect(error("a: " + String(repeating: "[", count: 200_000)) == syntax(
            line: 1, column: 4 + YAMLReader.maximumDepth - 1,
            "nested more than \(YAMLReader.maximumDepth) levels deep; a config file needs a few"))
    }

    // MARK: - The shipped files

    /// The keys of `text` as a scan of its lines finds them: lines starting with `indent`, then a
    /// lowercase name and a colon.
    private func scannedKeys(_ text: String, indent: String = "") -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard line.hasPrefix(indent) else { return nil }
            let rest = line.dropFirst(indent.count)
            // A key starts with a letter; digits may follow, as in http2_max_concurrent_streams.
            let name = rest.prefix { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            guard name.first.map({ ("a"..."z").contains($0) }) == true, rest.dropFirst(name.count).first == ":" else { return nil }
            return String(name)
        }
    }

    @Test func theShippedConfigIsReadKeyForKey() throws {
        let text = contents(PackageFiles.root.appendingPathComponent("etc/tagifai.yaml").path)
        let entries = try entries(text)
        #expect(entries.count > 40)
        #expect(entries.map(\.key) == scannedKeys(text))
        let inputs = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.input) })
        #expect(inputs["bind"] == .list(["127.0.0.1:8000"]))
        #expect(inputs["umask"] == .scalar("0022"))
        #expect(inputs["pidfile"] == .scalar("auto"))
        #expect(inputs["control_socket"] == .null)
        #expect(inputs["accesslog"] == .scalar("-"))
        #expect(inputs["tls_min_version"] == .scalar("1.2"))
        #expect(inputs["metrics_allow_ips"] == .scalar("127.0.0.1,::1"))
        #expect(inputs["access_log_format"] == .scalar(#"%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s""#))
    }

    @Test func theKubernetesConfigMapsEmbeddedConfigIsReadKeyForKey() throws {
        let text = contents(PackageFiles.root.appendingPathComponent("etc/kubernetes/configmap.yaml").path)
        guard case .mapping(let manifest)? = try YAMLReader.read(text),
            case .mapping(let data)? = manifest.first(where: { $0.key == "data" })?.value,
            case .scalar(let embedded)? = data.first(where: { $0.key == "tagifai.yaml" })?.value
        else {
            Issue.record("expected data: tagifai.yaml: | in the ConfigMap")
            return
        }
        let entries = try entries(embedded.text)
        #expect(entries.map(\.key) == scannedKeys(text, indent: "    "))
        #expect(entries.first == entry("bind", .list(["0.0.0.0:8000"]), line: 1))
        #expect(entries.first { $0.key == "forwarded_allow_ips" }?.input
            == .list(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]))
    }
}
