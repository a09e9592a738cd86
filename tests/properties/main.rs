//! Bad-input property tests: every model's decoding and every operation's response handling, fed
//! random bytes, mutated valid JSON, wrong types, deep nesting, wrong content types and invalid
//! UTF-8 through the same harness the fuzz targets use (`specfleet_tests::fuzz`).
//!
//! The case count is fixed (see [`config`]) so that CI runs the same amount of work every time;
//! the seed is not, so each run explores new cases. A failure prints its shrunk input: turn it into
//! a plain `#[test]` here (a fuzz target's crash file replays through `fuzz::run`), which is what
//! keeps it fixed. proptest's own failure persistence is off: its files only replay under the
//! exact same strategies, and a CI run's file would be lost with its checkout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;
use specfleet_tests::fuzz::{
    self, ContentType, EnumDecoded, Outcome, Reply, Service, decode_enum, decode_model,
    enum_values, model_sample, respond,
};

/// Cases per property: the whole binary runs in a few seconds in a debug build.
const CASES: u32 = 512;

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Every model of every service, with its sample encoded once.
static SAMPLES: LazyLock<Vec<(Service, usize, Vec<u8>)>> = LazyLock::new(|| {
    Service::ALL
        .iter()
        .flat_map(|&service| {
            (0..service.models().len()).map(move |model| {
                let sample = model_sample(service, model);
                let bytes = serde_json::to_vec(&sample).expect("a JSON value encodes");
                (service, model, bytes)
            })
        })
        .collect()
});

fn any_model() -> impl Strategy<Value = (Service, usize, Vec<u8>)> {
    prop::sample::select(SAMPLES.as_slice())
}

fn any_operation() -> impl Strategy<Value = (Service, usize)> {
    let operations: Vec<_> = Service::ALL
        .iter()
        .flat_map(|&service| (0..service.operations().len()).map(move |index| (service, index)))
        .collect();
    prop::sample::select(operations)
}

/// Every enum of every service, with the values it knows.
static ENUMS: LazyLock<Vec<(Service, usize, Vec<Value>)>> = LazyLock::new(|| {
    Service::ALL
        .iter()
        .flat_map(|&service| {
            (0..service.enums().len()).map(move |index| {
                let known = enum_values(service, index);
                assert!(
                    !known.is_empty(),
                    "{}::{} knows no value",
                    service.name(),
                    service.enums()[index]
                );
                (service, index, known)
            })
        })
        .collect()
});

/// An enum, a value it does not know (a JSON string for a string enum, an integer for an
/// integer enum) and the index of one it knows.
fn any_enum_with_an_unknown_value() -> impl Strategy<Value = (Service, usize, Value, usize)> {
    prop::sample::select(ENUMS.as_slice()).prop_flat_map(|(service, index, known)| {
        (
            Just(service),
            Just(index),
            unknown_value(known),
            any::<usize>(),
        )
    })
}

/// Any value of the enum's type but the `known` ones: anything at all, and near misses of the
/// known ones (another case, a character more or less, a space, the next integer).
fn unknown_value(known: Vec<Value>) -> BoxedStrategy<Value> {
    let strings: Vec<String> = known
        .iter()
        .filter_map(|value| value.as_str().map(str::to_owned))
        .collect();
    let candidates = if strings.is_empty() {
        let integers: Vec<i64> = known.iter().filter_map(Value::as_i64).collect();
        assert_eq!(
            integers.len(),
            known.len(),
            "an enum's values are all strings or all integers: {known:?}"
        );
        prop_oneof![
            any::<i64>(),
            Just(i64::MIN),
            Just(i64::MAX),
            (prop::sample::select(integers), -2..=2i64)
                .prop_map(|(known, step)| known.wrapping_add(step)),
        ]
        .prop_map(Value::from)
        .boxed()
    } else {
        prop_oneof![
            any::<String>(),
            Just(String::new()),
            (prop::sample::select(strings), 0..7u8, any::<char>())
                .prop_map(|(known, edit, extra)| near_miss(&known, edit, extra)),
        ]
        .prop_map(Value::String)
        .boxed()
    };
    candidates
        .prop_filter("a known value", move |value| !known.contains(value))
        .boxed()
}

fn near_miss(known: &str, edit: u8, extra: char) -> String {
    match edit {
        0 => known.to_lowercase(),
        1 => format!("{known}{extra}"),
        2 => format!("{extra}{known}"),
        3 => format!(" {known}"),
        4 => format!("{known}\0"),
        5 => known.chars().skip(1).collect(),
        _ => {
            let mut shorter = known.to_owned();
            shorter.pop();
            shorter
        }
    }
}

/// One edit of a byte string; positions are taken modulo its length.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
    Repeat(usize, usize),
}

/// Bytes that JSON gives meaning to, so that insertions often change structure, not just text.
const STRUCTURAL: &[u8] = b"{}[]\",:\\-+.eE0123456789tfn \xff";

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop_oneof![any::<u8>(), prop::sample::select(STRUCTURAL)];
    prop_oneof![
        (any::<usize>(), 0..8u8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        (any::<usize>(), byte).prop_map(|(at, byte)| Mutation::Insert(at, byte)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1..64usize).prop_map(|(at, length)| Mutation::Repeat(at, length)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        let length = bytes.len().max(1);
        match *mutation {
            Mutation::Flip(at, bit) => {
                if let Some(byte) = bytes.get_mut(at % length) {
                    *byte ^= 1 << bit;
                }
            }
            Mutation::Insert(at, byte) => bytes.insert(at % (bytes.len() + 1), byte),
            Mutation::Delete(at) => {
                if !bytes.is_empty() {
                    bytes.remove(at % length);
                }
            }
            Mutation::Truncate(at) => bytes.truncate(at % length),
            Mutation::Repeat(at, count) => {
                let start = at % length;
                let end = (start + count).min(bytes.len());
                let copy = bytes[start.min(end)..end].to_vec();
                bytes.splice(end..end, copy);
            }
        }
    }
    bytes
}

/// JSON texts of every type, and numbers and strings at the edges serde_json checks.
const WRONG_VALUES: &[&str] = &[
    "0",
    "-1",
    "1.5",
    "1e400",
    "-1e400",
    "2147483648",
    "18446744073709551616",
    "-9223372036854775809",
    "true",
    "null",
    r#""text""#,
    r#""""#,
    r#""1""#,
    r#""true""#,
    r#""2021-13-45T99:99:99Z""#,
    r#""\ud800""#,
    r#""\u0000""#,
    "[]",
    "[null]",
    "{}",
    r#"{"": null}"#,
];

/// A marker no sample contains, replaced by raw text once the value is encoded (some wrong values,
/// such as `1e400` or a lone surrogate, cannot be held by a `serde_json::Value`).
const MARKER: &str = "\u{1}specfleet-wrong-value\u{1}";

/// Replaces the `n`-th node of `value` (pre-order, the root is 0) with the marker; false when
/// `value` has fewer nodes.
fn mark_node(value: &mut Value, n: &mut usize) -> bool {
    if *n == 0 {
        *value = Value::String(MARKER.to_owned());
        return true;
    }
    *n -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|item| mark_node(item, n)),
        Value::Object(fields) => fields.values_mut().any(|field| mark_node(field, n)),
        _ => false,
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(fields) => fields.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// `sample` with its `node`-th node (modulo the node count) replaced by the JSON text `wrong`.
fn with_wrong_value(sample: &[u8], node: usize, wrong: &str) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(sample).expect("samples are JSON");
    let mut n = node % count_nodes(&value);
    assert!(mark_node(&mut value, &mut n), "node {node} exists");
    let marked = serde_json::to_string(&value).expect("a JSON value encodes");
    let quoted = serde_json::to_string(MARKER).expect("a string encodes");
    marked.replacen(&quoted, wrong, 1).into_bytes()
}

/// `depth` nested arrays around `null`.
fn nested_arrays(depth: usize) -> Vec<u8> {
    ["[".repeat(depth), "null".to_owned(), "]".repeat(depth)]
        .concat()
        .into_bytes()
}

/// `depth` nested objects, each `{"a": ...}`.
fn nested_objects(depth: usize) -> Vec<u8> {
    [
        r#"{"a":"#.repeat(depth),
        "null".to_owned(),
        "}".repeat(depth),
    ]
    .concat()
    .into_bytes()
}

/// Deeper than serde_json's recursion limit (128) by far, and than any stack a recursive descent
/// without a limit would survive in a debug build's test thread.
const DEEP: usize = 10_000;

/// Content types near the ones the clients recognise, and broken ones.
const ODD_CONTENT_TYPES: &[&[u8]] = &[
    b"application/problem+json",
    b"application/json; charset=latin1",
    b"APPLICATION/JSON",
    b"text/plain; charset=utf-16",
    b"application/\xffjson",
    b"",
];

/// Bodies that are not UTF-8: a Latin-1 string, a UTF-16 BOM, a bad continuation byte inside
/// JSON, an encoded surrogate, a stray continuation byte in text.
const INVALID_UTF8: &[&[u8]] = &[
    b"\"caf\xe9\"",
    b"\xff\xfe{\x00}\x00",
    b"{\"message\": \"\xc3\x28\"}",
    b"\xed\xa0\x80",
    b"text/plain with \x80 in it",
];

fn content_type() -> impl Strategy<Value = ContentType> {
    prop_oneof![
        4 => prop::sample::select(ContentType::FIXED.as_slice()),
        1 => prop::collection::vec(any::<u8>(), 0..40).prop_map(ContentType::Garbage),
        1 => prop::sample::select(ODD_CONTENT_TYPES)
            .prop_map(|value| ContentType::Garbage(value.to_vec())),
    ]
}

/// Response bodies: random bytes, a sample of any model (often of another operation), a mutated
/// or wrongly typed sample, invalid UTF-8 in and around JSON, deep nesting, nothing.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        any_model().prop_map(|(_, _, sample)| sample),
        (any_model(), prop::collection::vec(mutation(), 1..8))
            .prop_map(|((_, _, sample), mutations)| mutate(sample, &mutations)),
        (
            any_model(),
            any::<usize>(),
            prop::sample::select(WRONG_VALUES)
        )
            .prop_map(|((_, _, sample), node, wrong)| with_wrong_value(&sample, node, wrong)),
        prop::sample::select(INVALID_UTF8).prop_map(<[u8]>::to_vec),
        prop_oneof![Just(nested_arrays(DEEP)), Just(nested_objects(DEEP))],
        Just(over_the_error_body_limit()),
        Just(Vec::new()),
    ]
}

/// A body past the clients' 64 KiB error-body limit whose two-byte characters straddle it.
fn over_the_error_body_limit() -> Vec<u8> {
    ["a", &"é".repeat(40_000)].concat().into_bytes()
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_decode_or_fail_as_any_model(
        (service, model, _) in any_model(),
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let _ = decode_model(service, model, &bytes);
    }

    #[test]
    fn mutated_samples_decode_or_fail_and_round_trip(
        (service, model, sample) in any_model(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let _ = decode_model(service, model, &mutate(sample, &mutations));
    }

    #[test]
    fn a_wrong_type_anywhere_in_a_sample_decodes_or_fails(
        (service, model, sample) in any_model(),
        node in any::<usize>(),
        wrong in prop::sample::select(WRONG_VALUES),
    ) {
        let _ = decode_model(service, model, &with_wrong_value(&sample, node, wrong));
    }

    #[test]
    fn any_response_ends_in_a_result_that_matches_its_status(
        (service, operation) in any_operation(),
        status in 100..=599u16,
        content_type in content_type(),
        body in body(),
    ) {
        let reply = Reply { status, content_type, body };
        let outcome = respond(service, operation, &reply);
        let name = service.operations()[operation];
        prop_assert_ne!(&outcome, &Outcome::NotSent, "{} was not sent", name);
        if is_success(status) {
            prop_assert!(
                !matches!(outcome, Outcome::Status(_)),
                "{} took success status {} for an error: {:?}", name, status, outcome
            );
        } else {
            prop_assert_eq!(&outcome, &Outcome::Status(status), "{}", name);
        }
    }

    #[test]
    fn enums_keep_unknown_values_and_round_trip_known_ones(
        (service, index, unknown, pick) in any_enum_with_an_unknown_value(),
    ) {
        let name = service.enums()[index];
        let json = serde_json::to_string(&unknown).expect("a JSON value encodes");
        let decoded = decode_enum(service, index, json.as_bytes());
        prop_assert!(decoded.is_ok(), "{} refused the unknown value {}: {:?}", name, json, decoded);
        prop_assert_eq!(
            decoded.ok(),
            Some(EnumDecoded { unknown: Some(unknown), encoded: json }),
            "{}", name
        );
        let known = enum_values(service, index);
        assert_round_trips(service, index, &known[pick % known.len()]);
    }

    #[test]
    fn fuzz_inputs_run_like_the_fuzz_targets(
        service in prop::sample::select(Service::ALL.as_slice()),
        input in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        fuzz::run(service, &input);
    }
}

#[test]
fn every_sample_decodes_and_round_trips() {
    assert_eq!(SAMPLES.len(), 43, "models across the five crates");
    for (service, model, sample) in SAMPLES.iter() {
        let name = service.models()[*model];
        decode_model(*service, *model, sample).unwrap_or_else(|error| {
            panic!(
                "{}::{name}'s sample {} does not decode: {error}",
                service.name(),
                String::from_utf8_lossy(sample)
            )
        });
    }
}

#[test]
fn samples_fill_optional_fields() {
    // A sample with only the default's fields would leave every optional field's decoding to
    // chance: rokka's SourceImage has no required field at all.
    let sample = model_sample(Service::Rokka, 1);
    assert_eq!(Service::Rokka.models()[1], "SourceImage");
    let fields = sample.as_object().expect("SourceImage is an object");
    for field in ["hash", "organization", "size", "deleted", "user_metadata"] {
        assert!(
            fields.contains_key(field),
            "{field} is missing from {sample}"
        );
    }
}

/// A value an enum knows decodes into a variant other than `UnknownValue` and encodes back to
/// the same JSON.
fn assert_round_trips(service: Service, index: usize, known: &Value) {
    let name = service.enums()[index];
    let json = serde_json::to_string(known).expect("a JSON value encodes");
    let decoded = decode_enum(service, index, json.as_bytes())
        .unwrap_or_else(|error| panic!("{name} refused its own value {json}: {error}"));
    assert_eq!(
        decoded,
        EnumDecoded {
            unknown: None,
            encoded: json
        },
        "{name}"
    );
}

#[test]
fn every_known_enum_value_round_trips_and_other_json_types_fail() {
    for (service, index, known) in ENUMS.iter() {
        for value in known {
            assert_round_trips(*service, *index, value);
        }
        // A value of another JSON type is an error, not an unknown value.
        let wrong: &[&str] = if known[0].is_string() {
            &["7", "null", "true", "[]", "{}"]
        } else {
            &["\"1\"", "1.5", "null", "18446744073709551615", "[]"]
        };
        for json in wrong {
            let name = service.enums()[*index];
            let decoded = decode_enum(*service, *index, json.as_bytes());
            assert!(decoded.is_err(), "{name} took {json}: {decoded:?}");
        }
    }
}

/// Every enum of a generated crate the harness drives is in its enum list, with the values its
/// source knows, and nothing else is: the source is scanned for `UnknownValue(`, which every
/// generated enum has (`xtask/templates/rust/specfleet_enum.mustache`). A crate that
/// `cargo xtask add-service` added later is not the harness's until it is listed in
/// `Service::ALL`; its enums come from the same template.
#[test]
fn the_enum_list_covers_every_enum_of_every_generated_crate() {
    let driven: Vec<&str> = Service::ALL.iter().map(|service| service.name()).collect();
    let mut in_source = generated_enums();
    in_source.retain(|(service, _), _| driven.contains(&service.as_str()));
    let in_harness: BTreeMap<(String, String), Vec<Value>> = ENUMS
        .iter()
        .map(|(service, index, known)| {
            let name = service.enums()[*index];
            assert!(
                service.models().contains(&name),
                "{}::{name} is in the enum list but not in the model list",
                service.name()
            );
            ((service.name().to_owned(), name.to_owned()), known.clone())
        })
        .collect();
    let missing: Vec<_> = in_source
        .keys()
        .filter(|key| !in_harness.contains_key(*key))
        .collect();
    assert!(
        missing.is_empty(),
        "enums of generated crates missing from the `enums` lists of tests/fuzz/services.rs: {missing:?}"
    );
    let gone: Vec<_> = in_harness
        .keys()
        .filter(|key| !in_source.contains_key(*key))
        .collect();
    assert!(
        gone.is_empty(),
        "enums in tests/fuzz/services.rs that no generated crate defines: {gone:?}"
    );
    for (key, known) in &in_harness {
        assert_eq!(
            known, &in_source[key],
            "the values of {key:?} in tests/fuzz/services.rs differ from its source"
        );
    }
    // The scan itself finds enums: an empty result would prove nothing.
    assert!(
        in_source.contains_key(&("osparc-storage".to_owned(), "log_message::Level".to_owned())),
        "the scan missed an enum it must find: {:?}",
        in_source.keys()
    );
}

/// The enums of every generated crate (a folder of `crates/` whose `lib.rs` says it is
/// generated), by crate folder and path below `models::`, with the values each maps to a known
/// variant in its `From<&str>` or `From<i64>`.
fn generated_enums() -> BTreeMap<(String, String), Vec<Value>> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates");
    let mut enums = BTreeMap::new();
    for folder in read_dir(&crates) {
        let lib = std::fs::read_to_string(folder.join("src/lib.rs")).unwrap_or_default();
        if !lib.starts_with("//! Generated by openapi-generator") {
            continue;
        }
        let service = folder
            .file_name()
            .expect("a crate folder has a name")
            .to_string_lossy()
            .into_owned();
        let models = folder.join("src/models");
        let reexports = std::fs::read_to_string(models.join("mod.rs")).unwrap_or_default();
        for file in rust_files(&folder.join("src")) {
            let source = std::fs::read_to_string(&file)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
            for (name, known) in enums_in(&source) {
                let module = file
                    .strip_prefix(&models)
                    .ok()
                    .filter(|relative| relative.components().count() == 1)
                    .and_then(|relative| relative.file_stem())
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_else(|| {
                        panic!(
                            "{} defines the enum {name} outside src/models/: the harness lists \
                             enums below `models::` only; extend tests/fuzz/services.rs",
                            file.display()
                        )
                    });
                let path = if reexports.contains(&format!("pub use self::{module}::{name};")) {
                    name
                } else {
                    format!("{module}::{name}")
                };
                enums.insert((service.clone(), path), known);
            }
        }
    }
    enums
}

/// The enums with an `UnknownValue` variant that `source` defines, with their known values.
fn enums_in(source: &str) -> Vec<(String, Vec<Value>)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some(name) = line
            .strip_prefix("pub enum ")
            .and_then(|rest| rest.strip_suffix(" {"))
        else {
            continue;
        };
        let body = lines[start + 1..]
            .iter()
            .take_while(|line| !line.starts_with('}'));
        let mut kind = None;
        for line in body {
            match line.trim() {
                "UnknownValue(::std::string::String)," => kind = Some("&str"),
                "UnknownValue(i64)," => kind = Some("i64"),
                other if other.contains("UnknownValue(") => {
                    panic!("enum {name} has an `UnknownValue` of an unexpected form: {other}")
                }
                _ => {}
            }
        }
        let Some(kind) = kind else {
            continue;
        };
        let header = format!("impl ::std::convert::From<{kind}> for {name} {{");
        let from = lines
            .iter()
            .position(|line| *line == header)
            .unwrap_or_else(|| panic!("enum {name} has no `{header}`"));
        let known = lines[from + 1..]
            .iter()
            .take_while(|line| !line.starts_with('}'))
            .filter_map(|line| line.trim().split_once(" => Self::"))
            .filter(|(value, _)| *value != "other")
            .map(|(value, _)| {
                serde_json::from_str(value)
                    .unwrap_or_else(|error| panic!("{name}'s value {value} is not JSON: {error}"))
            })
            .collect();
        found.push((name.to_owned(), known));
    }
    found
}

fn read_dir(folder: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", folder.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    entries
}

/// Every `.rs` file below `folder`.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in read_dir(folder) {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
    files
}

#[test]
fn all_fifty_operations_are_driven() {
    let counts: Vec<_> = Service::ALL
        .iter()
        .map(|service| service.operations().len())
        .collect();
    assert_eq!(counts, [11, 17, 3, 17, 2], "operations per service");
}

#[test]
fn deep_nesting_fails_every_model_and_every_field() {
    for (service, model, sample) in SAMPLES.iter() {
        let name = service.models()[*model];
        assert!(
            decode_model(*service, *model, &nested_arrays(DEEP)).is_err(),
            "{name} accepted {DEEP} nested arrays"
        );
        // Deep objects are one unknown field `a` to a struct: serde_json skips it without
        // recursing, so it may decode; it must not overflow the stack.
        let _ = decode_model(*service, *model, &nested_objects(DEEP));
        // Deep inside a field, where a free-form (`serde_json::Value`) field would recurse.
        let sample: Value = serde_json::from_slice(sample).expect("samples are JSON");
        let Value::Object(fields) = sample else {
            continue;
        };
        for field in fields.keys() {
            let mut marked = fields.clone();
            marked.insert(field.clone(), Value::String(MARKER.to_owned()));
            let marked = serde_json::to_string(&marked).expect("a JSON value encodes");
            let quoted = serde_json::to_string(MARKER).expect("a string encodes");
            let deep = String::from_utf8(nested_arrays(DEEP)).expect("ASCII");
            let json = marked.replacen(&quoted, &deep, 1);
            assert!(
                decode_model(*service, *model, json.as_bytes()).is_err(),
                "{name}.{field} accepted {DEEP} nested arrays"
            );
        }
    }
}

#[test]
fn a_free_form_field_stops_at_serde_jsons_recursion_limit() {
    // FakeEnveloped's `error` is a serde_json::Value: only the recursion limit can stop it.
    let service = Service::OsparcStorage;
    let model = model_index(service, "FakeEnveloped");
    let deep = String::from_utf8(nested_arrays(DEEP)).expect("ASCII");
    let json = format!(
        r#"{{"data": {{"path_value": "", "query_value": "", "body_value": {{}}}}, "error": {deep}}}"#
    );
    let error = decode_model(service, model, json.as_bytes()).expect_err("too deep");
    assert!(
        error.to_string().contains("recursion limit exceeded"),
        "{error}"
    );
}

#[test]
fn every_operation_survives_deep_nesting_and_invalid_utf8_under_every_content_type() {
    let mut bodies = vec![
        nested_arrays(DEEP),
        nested_objects(DEEP),
        over_the_error_body_limit(),
    ];
    bodies.extend(INVALID_UTF8.iter().map(|body| body.to_vec()));
    for service in Service::ALL {
        for (operation, name) in service.operations().iter().enumerate() {
            for content_type in ContentType::FIXED {
                for body in &bodies {
                    for status in [200, 404, 500] {
                        let reply = Reply {
                            status,
                            content_type: content_type.clone(),
                            body: body.clone(),
                        };
                        let outcome = respond(service, operation, &reply);
                        assert_ne!(outcome, Outcome::NotSent, "{name}");
                        if !is_success(status) {
                            assert_eq!(outcome, Outcome::Status(status), "{name}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn free_form_success_bodies_stop_at_the_recursion_limit() {
    // rokka's get_source_image_meta_user decodes its body as a serde_json::Value.
    let service = Service::Rokka;
    let operation = operation_index(service, "get_source_image_meta_user");
    let reply = Reply {
        status: 200,
        content_type: ContentType::Json,
        body: nested_arrays(DEEP),
    };
    match respond(service, operation, &reply) {
        Outcome::Decode(message) => assert!(message.contains("recursion limit"), "{message}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn a_valid_sample_answers_its_operation() {
    // The happy path is reached: sftpgo's start_user_metadata_check decodes an ApiResponse.
    let service = Service::Sftpgo;
    let body = serde_json::to_vec(&model_sample(service, model_index(service, "ApiResponse")))
        .expect("a JSON value encodes");
    for content_type in [ContentType::Json, ContentType::JsonWithCharset] {
        let reply = Reply {
            status: 200,
            content_type,
            body: body.clone(),
        };
        let operation = operation_index(service, "start_user_metadata_check");
        assert_eq!(respond(service, operation, &reply), Outcome::Ok);
    }
}

#[test]
fn fuzz_inputs_encode_what_the_targets_decode() {
    for service in Service::ALL {
        for (model, sample) in SAMPLES
            .iter()
            .filter(|(of, _, _)| *of == service)
            .map(|(_, model, sample)| (*model, sample))
        {
            fuzz::run(service, &fuzz::model_input(service, model, sample));
        }
        for operation in 0..service.operations().len() {
            for content_type in [
                ContentType::Json,
                ContentType::Garbage(b"application/x-\xff".to_vec()),
            ] {
                let reply = Reply {
                    status: 599,
                    content_type,
                    body: b"{}".to_vec(),
                };
                fuzz::run(service, &fuzz::response_input(service, operation, &reply));
            }
        }
    }
}

fn model_index(service: Service, name: &str) -> usize {
    service
        .models()
        .iter()
        .position(|model| *model == name)
        .unwrap_or_else(|| panic!("{} has no model {name}", service.name()))
}

fn operation_index(service: Service, name: &str) -> usize {
    service
        .operations()
        .iter()
        .position(|operation| *operation == name)
        .unwrap_or_else(|| panic!("{} has no operation {name}", service.name()))
}
