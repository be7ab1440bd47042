import Foundation
import HTTPWorker
import NIOCore
import NIOHTTP1
import Testing
import TestSupport
@testable import TagifaiAPI

/// The JSONTestSuite corpus (its case names: `y_` must be accepted, `n_` refused, `i_` either), each
/// read by our reader and by Python's `json` module, the parser behind the lesson's FastAPI app.
///
/// Where the two differ, the difference is one of `knownDifferences`, each chosen: anything else
/// is a bug in ours. Every refused case is also answered as FastAPI answers it: `json_invalid` at
/// Python's position with Python's message.
@Suite(.timeLimit(.minutes(3))) struct JSONCorpusTests {
    /// The reader at its depth ceiling: the corpus tests the grammar, not `max_json_depth`.
    private static let reader = JSONReader(maxDepth: JSONReader.depthCeiling)

    /// Cases where Python's verdict is not ours, and why ours is the one served.
    static let knownDifferences: [String: String] = [
        // Not JSON (RFC 8259 section 6); Python accepts them and would answer a float it cannot
        // send back as JSON.
        "n_number_NaN": "NaN", "n_number_infinity": "Infinity", "n_number_minus_infinity": "-Infinity",
        // A lone surrogate is not a Unicode scalar: no Swift string, nor a model's input, holds one.
        "i_string_1st_surrogate_but_2nd_missing": "lone surrogate escape",
        "i_string_1st_valid_surrogate_2nd_invalid": "lone surrogate escape",
        "i_string_incomplete_surrogate_and_escape_valid": "lone surrogate escape",
        "i_string_incomplete_surrogate_pair": "lone surrogate escape",
        "i_string_incomplete_surrogates_escape_valid": "lone surrogate escape",
        "i_string_invalid_lonely_surrogate": "lone surrogate escape",
        "i_string_invalid_surrogate": "lone surrogate escape",
        "i_string_inverted_surrogates_U+1D11E": "lone surrogate escape",
        "i_string_lone_second_surrogate": "lone surrogate escape",
        "i_object_key_lone_2nd_surrogate": "lone surrogate escape",
        // Python decodes bytes with surrogatepass: an encoded surrogate is not UTF-8 (RFC 3629).
        "i_string_UTF8_surrogate_U+D800": "encoded surrogate",
        // JSON exchanged between systems is UTF-8 (RFC 8259 section 8.1); Python guesses UTF-16 and -32.
        "i_string_UTF-16LE_with_BOM": "UTF-16", "i_string_utf16BE_no_BOM": "UTF-16",
        "i_string_utf16LE_no_BOM": "UTF-16", "i_structure_UTF-32BE": "UTF-32",
    ]

    @Test func agreesWithPythonsJSONModuleOnEveryCaseButTheKnownDifferences() throws {
        let python = try Self.pythonVerdicts()
        #expect(python.count == Self.cases.count)
        let differing = Set(python.filter { !$0.value.agree }.keys)
        let unexpected = differing.subtracting(Self.knownDifferences.keys).sorted()
        #expect(unexpected.isEmpty, "ours differs from Python's json: \(unexpected.map { "\($0): Python says \(python[$0]!.said)" })")
        let stale = Set(Self.knownDifferences.keys).subtracting(differing).sorted()
        #expect(stale.isEmpty, "listed as differences but agree: \(stale)")
    }

    @Test func everyAcceptedCaseIsAcceptedAndEveryRefusedOneRefused() {
        for (name, body) in Self.cases where !Self.knownDifferences.keys.contains(name) {
            let accepted = (try? Self.reader.read(ByteBuffer(bytes: body))) != nil
            if name.hasPrefix("y_") { #expect(accepted, "\(name) refused") }
            if name.hasPrefix("n_") { #expect(!accepted, "\(name) accepted") }
        }
    }

    @Test func everyRefusedBodyIsAnsweredAsFastAPIAnswersIt() throws {
        let python = try Self.pythonVerdicts()
        var checked = 0
        for (name, body) in Self.cases {
            let fields = python[name]?.said.split(separator: "\t", omittingEmptySubsequences: false) ?? []
            guard fields.count == 3, fields[0] == "syntax", let position = Int(fields[2]),
                !Self.knownDifferences.keys.contains(name), !body.isEmpty
            else { continue }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            let request = Request(method: .POST, uri: "/predict", headers: headers, body: ByteBuffer(bytes: body))
            guard case .failure(let errors) = JSONBody.read(request, with: Self.reader) else {
                Issue.record("\(name) accepted")
                continue
            }
            #expect(errors.issues.count == 1)
            let issue = try #require(errors.issues.first)
            #expect(issue.type == "json_invalid", "\(name)")
            #expect(issue.loc == ["body", .integer(position)], "\(name)")
            #expect(issue.msg == "JSON decode error", "\(name)")
            #expect(issue.input == .object([]), "\(name)")
            #expect(issue.ctx == .object(["error": .string(String(fields[1]))]), "\(name)")
            checked += 1
        }
        #expect(checked > 100)
    }

    /// Python's verdict on each case by name: whether it agrees with ours, and what Python said.
    private static func pythonVerdicts() throws -> [String: (agree: Bool, said: String)] {
        var input = ""
        for (name, body) in cases {
            input += "\(name)\t\(hex(body))\t\(ours(body))\n"
        }
        let script = PackageFiles.root.appendingPathComponent("Tests/Fixtures/json_verdicts.py")
        let result = try runTool("/usr/bin/env", ["python3", script.path], input: Data(input.utf8))
        try #require(result.status == 0, "python3 \(script.path) failed: \(result.stderr)")
        var verdicts: [String: (agree: Bool, said: String)] = [:]
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            verdicts[String(fields[0])] = (fields[1] == "agree", fields.count > 2 ? String(fields[2]) : "")
        }
        return verdicts
    }

    /// Our verdict in the script's terms.
    private static func ours(_ body: [UInt8]) -> String {
        do {
            var encoded = ByteBuffer()
            encoded.writeJSON(try reader.read(ByteBuffer(bytes: body)))
            return "ok\t\(hex(Array(encoded.readableBytesView)))"
        } catch {
            switch error.kind {
            case .syntax(let message): return "err\tsyntax\t\(message)\t\(error.characterOffset)"
            case .invalidUTF8: return "err\tutf8"
            case .tooDeep: return "err\tdeep"
            }
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A case's bytes: its text as UTF-8, then any raw bytes that are not.
    private static func utf8(_ text: String, _ raw: [UInt8] = [], _ rest: String = "") -> [UInt8] {
        Array(text.utf8) + raw + Array(rest.utf8)
    }

    /// The cases, named as in JSONTestSuite.
    static let cases: [(String, [UInt8])] = accepted + refused + either

    static let accepted: [(String, [UInt8])] = [
        ("y_array_arraysWithSpaces", utf8("[[]   ]")), ("y_array_empty-string", utf8(#"[""]"#)),
        ("y_array_empty", utf8("[]")), ("y_array_ending_with_newline", utf8("[\"a\"]")),
        ("y_array_false", utf8("[false]")), ("y_array_heterogeneous", utf8(#"[null, 1, "1", {}]"#)),
        ("y_array_null", utf8("[null]")), ("y_array_with_1_and_newline", utf8("[1\n]")),
        ("y_array_with_leading_space", utf8(" [1]")), ("y_array_with_several_null", utf8("[1,null,null,null,2]")),
        ("y_array_with_trailing_space", utf8("[2] ")), ("y_number", utf8("[123e65]")),
        ("y_number_0e+1", utf8("[0e+1]")), ("y_number_0e1", utf8("[0e1]")), ("y_number_after_space", utf8("[ 4]")),
        ("y_number_double_close_to_zero", utf8("[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]")),
        ("y_number_int_with_exp", utf8("[20e1]")), ("y_number_minus_zero", utf8("[-0]")),
        ("y_number_negative_int", utf8("[-123]")), ("y_number_negative_one", utf8("[-1]")),
        ("y_number_real_capital_e", utf8("[1E22]")), ("y_number_real_capital_e_neg_exp", utf8("[1E-2]")),
        ("y_number_real_capital_e_pos_exp", utf8("[1E+2]")), ("y_number_real_exponent", utf8("[123e45]")),
        ("y_number_real_fraction_exponent", utf8("[123.456e78]")), ("y_number_real_neg_exp", utf8("[1e-2]")),
        ("y_number_real_pos_exponent", utf8("[1e+2]")), ("y_number_simple_int", utf8("[123]")),
        ("y_number_simple_real", utf8("[123.456789]")),
        ("y_object", utf8(#"{"asd":"sdf", "dfg":"fgh"}"#)), ("y_object_basic", utf8(#"{"asd":"sdf"}"#)),
        ("y_object_duplicated_key", utf8(#"{"a":"b","a":"c"}"#)),
        ("y_object_duplicated_key_and_value", utf8(#"{"a":"b","a":"b"}"#)),
        ("y_object_empty", utf8("{}")), ("y_object_empty_key", utf8(#"{"":0}"#)),
        ("y_object_escaped_null_in_key", utf8(#"{"foo\u0000bar": 42}"#)),
        ("y_object_extreme_numbers", utf8(#"{ "min": -1.0e+28, "max": 1.0e+28 }"#)),
        ("y_object_long_strings", utf8(#"{"x":[{"id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}], "id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#)),
        ("y_object_simple", utf8(#"{"a":[]}"#)),
        ("y_object_string_unicode", utf8(#"{"title":"\u041f\u043e\u043b\u0442\u043e\u0440\u0430 \u0417\u0435\u043c\u043b\u0435\u043a\u043e\u043f\u0430" }"#)),
        ("y_object_with_newlines", utf8("{\n\"a\": \"b\"\n}")),
        ("y_string_1_2_3_bytes_UTF-8_sequences", utf8(#"["\u0060\u012a\u12AB"]"#)),
        ("y_string_accepted_surrogate_pair", utf8(#"["\uD801\udc37"]"#)),
        ("y_string_accepted_surrogate_pairs", utf8(#"["\ud83d\ude39\ud83d\udc8d"]"#)),
        ("y_string_allowed_escapes", utf8(#"["\"\\\/\b\f\n\r\t"]"#)),
        ("y_string_backslash_and_u_escaped_zero", utf8(#"["\\u0000"]"#)),
        ("y_string_backslash_doublequotes", utf8(#"["\""]"#)), ("y_string_comments", utf8(#"["a/*b*/c/*d//e"]"#)),
        ("y_string_double_escape_a", utf8(#"["\\a"]"#)), ("y_string_double_escape_n", utf8(#"["\\n"]"#)),
        ("y_string_escaped_control_character", utf8(#"["\u0012"]"#)),
        ("y_string_escaped_noncharacter", utf8(#"["\uFFFF"]"#)), ("y_string_in_array", utf8(#"["asd"]"#)),
        ("y_string_in_array_with_leading_space", utf8(#"[ "asd"]"#)),
        ("y_string_last_surrogates_1_and_2", utf8(#"["\uDBFF\uDFFF"]"#)),
        ("y_string_nbsp_uescaped", utf8(#"["new\u00A0line"]"#)),
        ("y_string_nonCharacterInUTF-8_U+10FFFF", utf8("[\"", [0xF4, 0x8F, 0xBF, 0xBF], "\"]")),
        ("y_string_nonCharacterInUTF-8_U+FFFF", utf8("[\"", [0xEF, 0xBF, 0xBF], "\"]")),
        ("y_string_null_escape", utf8(#"["\u0000"]"#)), ("y_string_one-byte-utf-8", utf8(#"["\u002c"]"#)),
        ("y_string_pi", utf8("[\"π\"]")), ("y_string_reservedCharacterInUTF-8_U+1BFFF", utf8("[\"", [0xF0, 0x9B, 0xBF, 0xBF], "\"]")),
        ("y_string_simple_ascii", utf8(#"["asd "]"#)), ("y_string_space", utf8(#"" ""#)),
        ("y_string_surrogates_U+1D11E_MUSICAL_SYMBOL_G_CLEF", utf8(#"["\uD834\uDd1e"]"#)),
        ("y_string_three-byte-utf-8", utf8(#"["\u0821"]"#)), ("y_string_two-byte-utf-8", utf8(#"["\u0123"]"#)),
        ("y_string_u+2028_line_sep", utf8("[\"\u{2028}\"]")), ("y_string_u+2029_par_sep", utf8("[\"\u{2029}\"]")),
        ("y_string_uEscape", utf8(#"["\u0061\u30af\u30EA\u30b9"]"#)), ("y_string_uescaped_newline", utf8(#"["new\u000Aline"]"#)),
        ("y_string_unescaped_char_delete", utf8("[\"\u{7F}\"]")), ("y_string_unicode", utf8(#"["\uA66D"]"#)),
        ("y_string_unicodeEscapedBackslash", utf8(#"["\u005C"]"#)), ("y_string_unicode_2", utf8("[\"⍂㈴⍂\"]")),
        ("y_string_unicode_U+10FFFE_nonchar", utf8(#"["\uDBFF\uDFFE"]"#)), ("y_string_unicode_U+FDD0_nonchar", utf8(#"["\uFDD0"]"#)),
        ("y_string_unicode_escaped_double_quote", utf8(#"["\u0022"]"#)), ("y_string_utf8", utf8("[\"€𝄞\"]")),
        ("y_string_with_del_character", utf8("[\"a\u{7F}a\"]")),
        ("y_structure_lonely_false", utf8("false")), ("y_structure_lonely_int", utf8("42")),
        ("y_structure_lonely_negative_real", utf8("-0.1")), ("y_structure_lonely_null", utf8("null")),
        ("y_structure_lonely_string", utf8(#""asd""#)), ("y_structure_lonely_true", utf8("true")),
        ("y_structure_string_empty", utf8(#""""#)), ("y_structure_trailing_newline", utf8("[\"a\"]\n")),
        ("y_structure_true_in_array", utf8("[true]")), ("y_structure_whitespace_array", utf8(" [] ")),
    ]

    static let refused: [(String, [UInt8])] = [
        ("n_array_1_true_without_comma", utf8("[1 true]")), ("n_array_a_invalid_utf8", utf8("[a", [0xE5], "]")),
        ("n_array_colon_instead_of_comma", utf8(#"["": 1]"#)), ("n_array_comma_after_close", utf8(#"[""],"#)),
        ("n_array_comma_and_number", utf8("[,1]")), ("n_array_double_comma", utf8("[1,,2]")),
        ("n_array_double_extra_comma", utf8(#"["x",,]"#)), ("n_array_extra_close", utf8(#"["x"]]"#)),
        ("n_array_extra_comma", utf8(#"["",]"#)), ("n_array_incomplete", utf8(#"["x""#)),
        ("n_array_incomplete_invalid_value", utf8("[x")), ("n_array_inner_array_no_comma", utf8("[3[4]]")),
        ("n_array_invalid_utf8", utf8("[", [0xFF], "]")), ("n_array_items_separated_by_semicolon", utf8("[1:2]")),
        ("n_array_just_comma", utf8("[,]")), ("n_array_just_minus", utf8("[-]")),
        ("n_array_missing_value", utf8(#"[   , ""]"#)), ("n_array_newlines_unclosed", utf8("[\"a\",\n4\n,1,")),
        ("n_array_number_and_comma", utf8("[1,]")), ("n_array_number_and_several_commas", utf8("[1,,]")),
        ("n_array_spaces_vertical_tab_formfeed", utf8("[\"\u{B}a\"\u{C}]")), ("n_array_star_inside", utf8("[*]")),
        ("n_array_unclosed", utf8(#"["""#)), ("n_array_unclosed_trailing_comma", utf8("[1,")),
        ("n_array_unclosed_with_new_lines", utf8("[1,\n1\n,1")), ("n_array_unclosed_with_object_inside", utf8("[{}")),
        ("n_incomplete_false", utf8("[fals]")), ("n_incomplete_null", utf8("[nul]")), ("n_incomplete_true", utf8("[tru]")),
        ("n_multidigit_number_then_00", utf8("123", [0], "")),
        ("n_number_++", utf8("[++1234]")), ("n_number_+1", utf8("[+1]")), ("n_number_+Inf", utf8("[+Inf]")),
        ("n_number_-01", utf8("[-01]")), ("n_number_-1.0.", utf8("[-1.0.]")), ("n_number_-2.", utf8("[-2.]")),
        ("n_number_-NaN", utf8("[-NaN]")), ("n_number_.-1", utf8("[.-1]")), ("n_number_.2e-3", utf8("[.2e-3]")),
        ("n_number_0.1.2", utf8("[0.1.2]")), ("n_number_0.3e+", utf8("[0.3e+]")), ("n_number_0.3e", utf8("[0.3e]")),
        ("n_number_0.e1", utf8("[0.e1]")), ("n_number_0_capital_E+", utf8("[0E+]")), ("n_number_0_capital_E", utf8("[0E]")),
        ("n_number_0e+", utf8("[0e+]")), ("n_number_0e", utf8("[0e]")), ("n_number_1.0e+", utf8("[1.0e+]")),
        ("n_number_1.0e-", utf8("[1.0e-]")), ("n_number_1.0e", utf8("[1.0e]")), ("n_number_1_000", utf8("[1 000.0]")),
        ("n_number_1eE2", utf8("[1eE2]")), ("n_number_2.e+3", utf8("[2.e+3]")), ("n_number_2.e-3", utf8("[2.e-3]")),
        ("n_number_2.e3", utf8("[2.e3]")), ("n_number_9.e+", utf8("[9.e+]")), ("n_number_Inf", utf8("[Inf]")),
        ("n_number_NaN", utf8("[NaN]")), ("n_number_U+FF11_fullwidth_digit_one", utf8("[１]")),
        ("n_number_expression", utf8("[1+2]")), ("n_number_hex_1_digit", utf8("[0x1]")), ("n_number_hex_2_digits", utf8("[0x42]")),
        ("n_number_infinity", utf8("[Infinity]")), ("n_number_invalid+-", utf8("[0e+-1]")),
        ("n_number_invalid-negative-real", utf8("[-123.123foo]")), ("n_number_invalid-utf-8-in-bigger-int", utf8("[123", [0xE5], "]")),
        ("n_number_minus_infinity", utf8("[-Infinity]")), ("n_number_minus_sign_with_trailing_garbage", utf8("[-foo]")),
        ("n_number_minus_space_1", utf8("[- 1]")), ("n_number_neg_int_starting_with_zero", utf8("[-012]")),
        ("n_number_neg_real_without_int_part", utf8("[-.123]")), ("n_number_neg_with_garbage_at_end", utf8("[-1x]")),
        ("n_number_real_garbage_after_e", utf8("[1ea]")), ("n_number_real_with_invalid_utf8_after_e", utf8("[1e", [0xE5], "]")),
        ("n_number_real_without_fractional_part", utf8("[1.]")), ("n_number_starting_with_dot", utf8("[.123]")),
        ("n_number_with_alpha", utf8("[1.2a-3]")), ("n_number_with_alpha_char", utf8("[1.8011670033376514H-308]")),
        ("n_number_with_leading_zero", utf8("[012]")),
        ("n_object_bad_value", utf8(#"["x", truth]"#)), ("n_object_bracket_key", utf8(#"{[: "x"}"#)),
        ("n_object_comma_instead_of_colon", utf8(#"{"x", null}"#)), ("n_object_double_colon", utf8(#"{"x"::"b"}"#)),
        ("n_object_emoji", utf8("{🇨🇭}")), ("n_object_garbage_at_end", utf8(#"{"a":"a" 123}"#)),
        ("n_object_key_with_single_quotes", utf8("{key: 'value'}")), ("n_object_missing_colon", utf8(#"{"a" b}"#)),
        ("n_object_missing_key", utf8(#"{:"b"}"#)), ("n_object_missing_semicolon", utf8(#"{"a" "b"}"#)),
        ("n_object_missing_value", utf8(#"{"a":"#)), ("n_object_no-colon", utf8(#"{"a""#)),
        ("n_object_non_string_key", utf8("{1:1}")), ("n_object_non_string_key_but_huge_number_instead", utf8("{9999E9999:1}")),
        ("n_object_repeated_null_null", utf8("{null:null,null:null}")),
        ("n_object_several_trailing_commas", utf8(#"{"id":0,,,,,}"#)), ("n_object_single_quote", utf8("{'a':0}")),
        ("n_object_trailing_comma", utf8(#"{"id":0,}"#)), ("n_object_trailing_comment", utf8(#"{"a":"b"}/**/"#)),
        ("n_object_trailing_comment_open", utf8(#"{"a":"b"}/**//"#)),
        ("n_object_trailing_comment_slash_open", utf8(#"{"a":"b"}//"#)),
        ("n_object_two_commas_in_a_row", utf8(#"{"a":"b",,"c":"d"}"#)), ("n_object_unquoted_key", utf8(#"{a: "b"}"#)),
        ("n_object_unterminated-value", utf8(#"{"a":"a"#)), ("n_object_with_single_string", utf8(#"{ "foo" : "bar", "a" }"#)),
        ("n_object_with_trailing_garbage", utf8(#"{"a":"b"}#"#)),
        ("n_single_space", utf8(" ")),
        ("n_string_1_surrogate_then_escape", utf8(#"["\uD800\"]"#)),
        ("n_string_1_surrogate_then_escape_u", utf8(#"["\uD800\u"]"#)),
        ("n_string_1_surrogate_then_escape_u1", utf8(#"["\uD800\u1"]"#)),
        ("n_string_1_surrogate_then_escape_u1x", utf8(#"["\uD800\u1x"]"#)),
        ("n_string_accentuated_char_no_quotes", utf8("[é]")), ("n_string_backslash_00", utf8("[\"\\", [0], "\"]")),
        ("n_string_escape_x", utf8(#"["\x00"]"#)), ("n_string_escaped_backslash_bad", utf8(#"["\\\"]"#)),
        ("n_string_escaped_ctrl_char_tab", utf8("[\"\\\t\"]")), ("n_string_escaped_emoji", utf8("[\"\\🌀\"]")),
        ("n_string_incomplete_escape", utf8(#"["\"]"#)), ("n_string_incomplete_escaped_character", utf8(#"["\u00A"]"#)),
        ("n_string_incomplete_surrogate", utf8(#"["\uD834\uDd"]"#)),
        ("n_string_incomplete_surrogate_escape_invalid", utf8(#"["\uD800\uD800\x"]"#)),
        ("n_string_invalid-utf-8-in-escape", utf8("[\"\\u", [0xE5], "\"]")),
        ("n_string_invalid_backslash_esc", utf8(#"["\a"]"#)), ("n_string_invalid_unicode_escape", utf8(#"["\uqqqq"]"#)),
        ("n_string_invalid_utf8_after_escape", utf8("[\"\\", [0xE5], "\"]")),
        ("n_string_leading_uescaped_thinspace", utf8(#"[\u0020"asd"]"#)), ("n_string_no_quotes_with_bad_escape", utf8(#"[\n]"#)),
        ("n_string_single_doublequote", utf8("\"")), ("n_string_single_quote", utf8("['single quote']")),
        ("n_string_single_string_no_double_quotes", utf8("abc")), ("n_string_start_escape_unclosed", utf8("[\"\\")),
        ("n_string_unescaped_ctrl_char", utf8("[\"a", [0], "a\"]")), ("n_string_unescaped_newline", utf8("[\"new\nline\"]")),
        ("n_string_unescaped_tab", utf8("[\"\t\"]")), ("n_string_unicode_CapitalU", utf8(#""\UA66D""#)),
        ("n_string_with_trailing_garbage", utf8(#"""x"#)),
        ("n_structure_100000_opening_arrays", utf8(String(repeating: "[", count: 100_000))),
        ("n_structure_U+2060_word_joined", utf8("[\u{2060}]")), ("n_structure_UTF8_BOM_no_data", utf8("", [0xEF, 0xBB, 0xBF], "")),
        ("n_structure_angle_bracket_.", utf8("<.>")), ("n_structure_angle_bracket_null", utf8("[<null>]")),
        ("n_structure_array_trailing_garbage", utf8("[1]x")), ("n_structure_array_with_extra_array_close", utf8("[1]]")),
        ("n_structure_array_with_unclosed_string", utf8(#"["asd]"#)), ("n_structure_ascii-unicode-identifier", utf8("aå")),
        ("n_structure_capitalized_True", utf8("[True]")), ("n_structure_close_unopened_array", utf8("1]")),
        ("n_structure_comma_instead_of_closing_brace", utf8(#"{"x": true,"#)), ("n_structure_double_array", utf8("[][]")),
        ("n_structure_end_array", utf8("]")), ("n_structure_incomplete_UTF8_BOM", utf8("", [0xEF, 0xBB], "{}")),
        ("n_structure_lone-invalid-utf-8", utf8("", [0xE5], "")), ("n_structure_lone-open-bracket", utf8("[")),
        ("n_structure_no_data", []), ("n_structure_null-byte-outside-string", utf8("[", [0], "]")),
        ("n_structure_number_with_trailing_garbage", utf8("2@")),
        ("n_structure_object_followed_by_closing_object", utf8("{}}")),
        ("n_structure_object_unclosed_no_value", utf8(#"{"":"#)), ("n_structure_object_with_comment", utf8(#"{"a":/*comment*/"b"}"#)),
        ("n_structure_object_with_trailing_garbage", utf8(#"{"a": true} "x""#)),
        ("n_structure_open_array_apostrophe", utf8("['")), ("n_structure_open_array_comma", utf8("[,")),
        ("n_structure_open_array_open_object", utf8(String(repeating: "[{\"\":", count: 50_000))),
        ("n_structure_open_array_open_string", utf8(#"["a"#)), ("n_structure_open_array_string", utf8(#"["a""#)),
        ("n_structure_open_object", utf8("{")), ("n_structure_open_object_close_array", utf8("{]")),
        ("n_structure_open_object_comma", utf8("{,")), ("n_structure_open_object_open_array", utf8("{[")),
        ("n_structure_open_object_open_string", utf8(#"{"a"#)), ("n_structure_open_object_string_with_apostrophes", utf8("{'a'")),
        ("n_structure_open_open", utf8(#"["\{["\{["\{["\{"#)), ("n_structure_single_eacute", utf8("", [0xE9], "")),
        ("n_structure_single_star", utf8("*")), ("n_structure_trailing_#", utf8(#"{"a":"b"}#{}"#)),
        ("n_structure_uescaped_LF_before_string", utf8(#"[\u000A""]"#)), ("n_structure_unclosed_array", utf8("[1")),
        ("n_structure_unclosed_array_partial_null", utf8("[ false, nul")), ("n_structure_unclosed_array_unfinished_false", utf8("[ true, fals")),
        ("n_structure_unclosed_array_unfinished_true", utf8("[ false, tru")), ("n_structure_unclosed_object", utf8(#"{"asd":"asd""#)),
        ("n_structure_unicode-identifier", utf8("å")), ("n_structure_whitespace_U+2060_word_joiner", utf8("[\u{2060}]")),
        ("n_structure_whitespace_formfeed", utf8("[\u{C}]")),
    ]

    static let either: [(String, [UInt8])] = [
        ("i_number_double_huge_neg_exp", utf8("[123.456e-789]")), ("i_number_huge_exp", utf8("[0.4e00669999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999969999999006]")),
        ("i_number_neg_int_huge_exp", utf8("[-1e+9999]")), ("i_number_pos_double_huge_exp", utf8("[1.5e+9999]")),
        ("i_number_real_neg_overflow", utf8("[-123123e100000]")), ("i_number_real_pos_overflow", utf8("[123123e100000]")),
        ("i_number_real_underflow", utf8("[123e-10000000]")), ("i_number_too_big_neg_int", utf8("[-123123123123123123123123123123]")),
        ("i_number_too_big_pos_int", utf8("[100000000000000000000]")),
        ("i_number_very_big_negative_int", utf8("[-237462374673276894279832749832423479823246327846]")),
        ("i_object_key_lone_2nd_surrogate", utf8(#"{"\uDFAA":0}"#)),
        ("i_string_1st_surrogate_but_2nd_missing", utf8(#"["\uDADA"]"#)),
        ("i_string_1st_valid_surrogate_2nd_invalid", utf8(#"["\uD888\u1234"]"#)),
        ("i_string_UTF-16LE_with_BOM", [0xFF, 0xFE, 0x5B, 0, 0x22, 0, 0xE9, 0, 0x22, 0, 0x5D, 0]),
        ("i_string_UTF-8_invalid_sequence", utf8("[\"日ш", [0xFA], "\"]")),
        ("i_string_UTF8_surrogate_U+D800", utf8("[\"", [0xED, 0xA0, 0x80], "\"]")),
        ("i_string_incomplete_surrogate_and_escape_valid", utf8(#"["\uD800\n"]"#)),
        ("i_string_incomplete_surrogate_pair", utf8(#"["\uDd1ea"]"#)),
        ("i_string_incomplete_surrogates_escape_valid", utf8(#"["\uD800\uD800\n"]"#)),
        ("i_string_invalid_lonely_surrogate", utf8(#"["\ud800"]"#)), ("i_string_invalid_surrogate", utf8(#"["\ud800abc"]"#)),
        ("i_string_invalid_utf-8", utf8("[\"", [0xFF], "\"]")),
        ("i_string_inverted_surrogates_U+1D11E", utf8(#"["\uDd1e\uD834"]"#)),
        ("i_string_iso_latin_1", utf8("[\"", [0xE9], "\"]")), ("i_string_lone_second_surrogate", utf8(#"["\uDFAA"]"#)),
        ("i_string_lone_utf8_continuation_byte", utf8("[\"", [0x81], "\"]")),
        ("i_string_not_in_unicode_range", utf8("[\"", [0xF4, 0xBF, 0xBF, 0xBF], "\"]")),
        ("i_string_overlong_sequence_2_bytes", utf8("[\"", [0xC0, 0xAF], "\"]")),
        ("i_string_overlong_sequence_6_bytes", utf8("[\"", [0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF], "\"]")),
        ("i_string_overlong_sequence_6_bytes_null", utf8("[\"", [0xFC, 0x80, 0x80, 0x80, 0x80, 0x80], "\"]")),
        ("i_string_truncated-utf-8", utf8("[\"", [0xE0, 0xFF], "\"]")),
        ("i_string_utf16BE_no_BOM", [0, 0x5B, 0, 0x22, 0, 0xE9, 0, 0x22, 0, 0x5D]),
        ("i_string_utf16LE_no_BOM", [0x5B, 0, 0x22, 0, 0xE9, 0, 0x22, 0, 0x5D, 0]),
        ("i_structure_500_nested_arrays", utf8(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))),
        ("i_structure_UTF-32BE", [0, 0, 0, 0x5B, 0, 0, 0, 0x5D]),
        ("i_structure_UTF-8_BOM_empty_object", utf8("", [0xEF, 0xBB, 0xBF], "{}")),
    ]
}
