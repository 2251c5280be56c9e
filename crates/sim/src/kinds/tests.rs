//! The kind tables against the specs, the validator and `docs/scenario-format.md`.
//!
//! After changing a table, rewrite the documentation's tables with
//! `LAB_SIM_BLESS=1 cargo test -p lab-sim --lib kinds`.

use super::*;
use crate::examples;
use crate::Scenario;

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scenario-format.md");

fn number(x: f64) -> String {
    format!("{x}")
}

fn dist_text(d: &Dist) -> String {
    match *d {
        Dist::Fixed { ms } => format!("fixed {} ms", number(ms)),
        Dist::Uniform { min_ms, max_ms } => format!("uniform {} to {} ms", number(min_ms), number(max_ms)),
        Dist::Exponential { mean_ms } => format!("exponential, mean {} ms", number(mean_ms)),
        Dist::LogNormal { median_ms, sigma } => {
            format!("log-normal, median {} ms, sigma {}", number(median_ms), number(sigma))
        }
    }
}

fn default_text(f: &FieldInfo) -> String {
    match f.default {
        FieldDefault::Required => "required".into(),
        FieldDefault::Absent => "none".into(),
        FieldDefault::Number(x) => number(x),
        FieldDefault::Bool(b) => b.to_string(),
        FieldDefault::Text(t) if f.ty == FieldType::Choice => format!("`\"{t}\"`"),
        FieldDefault::Text(t) => format!("`\"{t}\"`"),
        FieldDefault::Dist(d) => dist_text(&d),
        FieldDefault::Empty => "empty".into(),
    }
}

fn range_text(f: &FieldInfo) -> String {
    let numeric = matches!(
        f.ty,
        FieldType::Number | FieldType::Count | FieldType::Probability | FieldType::Duration
    );
    if f.ty == FieldType::Choice {
        return f.choices.iter().map(|c| format!("`\"{c}\"`")).collect::<Vec<_>>().join(", ");
    }
    if !numeric {
        return String::new();
    }
    match (f.min_excluded, f.max.is_finite()) {
        (true, true) => format!("above {}, at most {}", number(f.min), number(f.max)),
        (true, false) => format!("above {}", number(f.min)),
        (false, true) => format!("{} to {}", number(f.min), number(f.max)),
        (false, false) => format!("{} or more", number(f.min)),
    }
}

/// The kind's table as `docs/scenario-format.md` shows it.
fn markdown(kind: &KindInfo) -> String {
    let mut out = String::from(
        "| field | type | unit | default | range | settable | meaning |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for f in kind.fields {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            f.path,
            f.ty.word(),
            f.unit,
            default_text(f),
            range_text(f),
            if f.settable { "yes" } else { "" },
            f.explanation
        ));
    }
    out
}

/// The byte range of the first table after the kind's heading.
fn table_in(doc: &str, kind: &KindInfo) -> std::ops::Range<usize> {
    let heading = format!("### `{}`", kind.word);
    let at = doc.find(&heading).unwrap_or_else(|| panic!("the documentation has no `{heading}` section"));
    let start = at + doc[at..].find("\n| field |").expect("a table after the heading") + 1;
    let end = doc[start..]
        .find("\n\n")
        .map_or(doc.len(), |n| start + n + 1);
    start..end
}

#[test]
fn the_documentation_shows_each_kinds_table() {
    let mut doc = std::fs::read_to_string(DOC).unwrap();
    if std::env::var_os("LAB_SIM_BLESS").is_some() {
        for kind in kinds() {
            let range = table_in(&doc, kind);
            doc.replace_range(range, &markdown(kind));
        }
        std::fs::write(DOC, &doc).unwrap();
    }
    for kind in kinds() {
        assert_eq!(
            doc[table_in(&doc, kind)],
            markdown(kind),
            "docs/scenario-format.md disagrees with the table of `{}`; rewrite it with LAB_SIM_BLESS=1 cargo test -p lab-sim --lib kinds",
            kind.word
        );
    }
}

#[test]
fn every_kind_has_defaults_and_a_distinct_word() {
    for kind in kinds() {
        let c = ComponentSpec::with_defaults(kind.word, "x").unwrap();
        assert_eq!((c.kind(), c.name()), (kind.word, "x"));
        assert_eq!(kinds().iter().filter(|k| k.word == kind.word).count(), 1);
        assert!(kind_info(kind.word).is_some());
    }
    assert_eq!(ComponentSpec::with_defaults("teapot", "x"), None);
}

/// Every row but a table's is reachable by its path, and holds the table's default.
#[test]
fn each_field_reads_its_tables_default() {
    for kind in kinds() {
        let c = ComponentSpec::with_defaults(kind.word, "x").unwrap();
        for f in kind.fields {
            let value = c.field(f.path);
            let expected = match f.default {
                _ if f.ty == FieldType::Table => None,
                FieldDefault::Number(x) => Some(FieldValue::Number(x)),
                FieldDefault::Bool(b) => Some(FieldValue::Bool(b)),
                FieldDefault::Text(t) => Some(FieldValue::Text(t.into())),
                FieldDefault::Absent => Some(FieldValue::Absent),
                FieldDefault::Dist(d) => Some(FieldValue::Text(dist_word(&d).into())),
                FieldDefault::Required | FieldDefault::Empty => value.clone(),
            };
            assert_eq!(value, expected, "{}.{}", kind.word, f.path);
            assert!(value.is_some() || f.ty == FieldType::Table, "{}.{}", kind.word, f.path);
        }
    }
}

/// The serde defaults of a scenario file are the table's: a component written with only
/// its required fields reads back as `with_defaults` gives it.
#[test]
fn a_file_leaving_fields_out_gets_the_tables_defaults() {
    for kind in kinds() {
        let full = ComponentSpec::with_defaults(kind.word, "x").unwrap();
        let mut value = serde_json::to_value(&full).unwrap();
        let fields = value.as_object_mut().unwrap();
        let fields = match fields.get("kind") {
            Some(_) => fields,
            // Externally tagged: the fields are inside the one entry.
            None => fields.values_mut().next().unwrap().as_object_mut().unwrap(),
        };
        for f in kind.fields {
            if !matches!(f.default, FieldDefault::Required) {
                fields.remove(f.path);
            }
        }
        let read: ComponentSpec = serde_json::from_value(value).unwrap();
        for f in kind.fields.iter().filter(|f| f.ty != FieldType::Table) {
            assert_eq!(read.field(f.path), full.field(f.path), "{}.{}", kind.word, f.path);
        }
    }
}

#[test]
fn parameters_bind_only_settable_numbers() {
    for kind in kinds() {
        let c = ComponentSpec::with_defaults(kind.word, "x").unwrap();
        let s = Scenario::new("s").with(c.clone());
        for f in kind.fields {
            let number = matches!(
                f.ty,
                FieldType::Number | FieldType::Count | FieldType::Probability | FieldType::Duration
            );
            let bound = s.parameter_value(&format!("x.{}", f.path));
            assert_eq!(bound.is_ok(), f.settable && number, "{}.{}: {bound:?}", kind.word, f.path);
        }
    }
    let s = Scenario::new("s").with(ComponentSpec::with_defaults("function", "f").unwrap());
    assert_eq!(s.parameter_value("f.duration.ms"), Ok(100.0));
    assert!(s.parameter_value("f.duration.mean_ms").is_err());
}

#[test]
fn fields_are_set_by_path_with_their_type() {
    let mut c = ComponentSpec::with_defaults("queue", "q").unwrap();
    c.set_field("batch_size", FieldValue::Number(3.6)).unwrap();
    assert_eq!(c.field("batch_size"), Some(FieldValue::Number(4.0)));
    c.set_field("max_receive_count", FieldValue::Number(3.0)).unwrap();
    c.set_field("dead_letter", FieldValue::Text("dlq".into())).unwrap();
    assert_eq!(c.field("dead_letter"), Some(FieldValue::Text("dlq".into())));
    c.set_field("max_receive_count", FieldValue::Absent).unwrap();
    assert_eq!(c.field("max_receive_count"), Some(FieldValue::Absent));
    c.set_field("fifo", FieldValue::Bool(true)).unwrap();
    assert_eq!(
        c.set_field("fifo", FieldValue::Number(1.0)),
        Err("`fifo` takes true or false".into())
    );
    assert!(c.set_field("delay_ms", FieldValue::Number(f64::NAN)).is_err());
    assert!(c.set_field("no_such_field", FieldValue::Number(1.0)).is_err());

    let mut r = ComponentSpec::with_defaults("registry", "r").unwrap();
    r.set_field("discovery", FieldValue::Text("client_side".into())).unwrap();
    assert_eq!(r.field("discovery"), Some(FieldValue::Text("client_side".into())));
    assert!(r.set_field("balance", FieldValue::Text("sticky".into())).is_err());
    for f in r.info().fields.iter().filter(|f| f.ty == FieldType::Choice) {
        for word in f.choices {
            r.set_field(f.path, FieldValue::Text((*word).into())).unwrap();
            assert_eq!(r.field(f.path), Some(FieldValue::Text((*word).into())));
        }
    }

    let mut s = ComponentSpec::with_defaults("store", "s").unwrap();
    s.set_field("latency", FieldValue::Text("log_normal".into())).unwrap();
    assert_eq!(s.field("latency.median_ms"), Some(FieldValue::Number(5.0)));
    s.set_field("latency.sigma", FieldValue::Number(1.5)).unwrap();
    assert_eq!(s.field("latency"), Some(FieldValue::Text("log_normal".into())));
    assert!(s.set_field("latency.ms", FieldValue::Number(1.0)).is_err());

    let mut client = ComponentSpec::with_defaults("client", "c").unwrap();
    client.set_field("workload", FieldValue::Text("burst".into())).unwrap();
    assert_eq!(client.field("workload.size"), Some(FieldValue::Number(100.0)));
}

/// The validator refuses each bounded number just above its table's largest value: the
/// ranges it checks are the tables'.
#[test]
fn the_validator_checks_the_tables_ranges() {
    // Checked only when the store has an outbox, which no example's store has.
    let unchecked = ["relay_interval_ms"];
    let mut checked = std::collections::BTreeSet::new();
    for s in examples::all().unwrap() {
        for (i, c) in s.components.iter().enumerate() {
            for f in c.info().fields.iter().filter(|f| f.max.is_finite() && !unchecked.contains(&f.path)) {
                let too_big = match f.ty {
                    FieldType::Count => f.max + 1.0,
                    FieldType::Duration | FieldType::Probability | FieldType::Number => f.max * 1.5 + 1.0,
                    _ => continue,
                };
                let mut wrong = s.clone();
                wrong.components[i].set_field(f.path, FieldValue::Number(too_big)).unwrap();
                let e = wrong.validate().expect_err(&format!("{}.{} = {too_big}", c.kind(), f.path));
                assert!(e.message.contains(f.path), "{}.{}: {e}", c.kind(), f.path);
                checked.insert(c.kind());
            }
        }
    }
    assert!(checked.len() >= 10, "only {checked:?} were checked");
}
