//! What the canvas says about a draft the engine refuses, in English and in Vietnamese (from the
//! message files, as a Vietnamese page carries them): the engine's own words, with the field an
//! author types and the numbers kept.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_i18n::Lang;
use lab_sandbox::draft::{Draft, Point};
use lab_sandbox::views::{problem, problem_words};
use lab_sim::{ComponentSpec, FieldValue, Mode, Where};

fn install_vietnamese() {
    let messages = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../messages");
    let table = lab_i18n::publish::table_json(&messages, Lang::Vi).unwrap();
    lab_i18n::install(Lang::Vi, &table).unwrap();
}

/// A queue that keeps its messages 30 s, below SQS's minimum of one minute.
fn short_retention() -> Draft {
    let mut queue = ComponentSpec::with_defaults("queue", "orders").unwrap();
    queue.set_field("consumers", FieldValue::Number(0.0)).unwrap();
    queue.set_field("retention_ms", FieldValue::Number(30_000.0)).unwrap();
    let mut draft = Draft::laid_out(lab_sandbox::blueprints::blank());
    draft.add(queue, Point::default());
    draft
}

/// One client calling another, which nothing may do.
fn client_calls_client() -> Draft {
    let mut draft = Draft::laid_out(lab_sandbox::blueprints::blank());
    for name in ["web", "mobile"] {
        draft.add(ComponentSpec::with_defaults("client", name).unwrap(), Point::default());
    }
    draft.connect("web", "mobile", Mode::Sync, 5.0).unwrap();
    draft
}

/// (the problem's place, its words on the canvas, its words with the place, as a run refused says)
fn said(draft: &Draft) -> (Where, String, String) {
    let problem = problem(draft).expect("the draft is refused");
    (problem.place.clone(), problem_words(&problem), problem.to_string())
}

#[test]
fn a_refused_draft_is_explained_in_the_pages_language() {
    lab_i18n::reset();
    let (place, words, whole) = said(&short_retention());
    assert_eq!(place, Where::Component("orders".into()));
    assert_eq!(words, "`retention_ms` must be at least 60000 ms, not 30000");
    assert_eq!(whole, "component `orders`: `retention_ms` must be at least 60000 ms, not 30000");
    let (place, words, whole) = said(&client_calls_client());
    assert_eq!(place, Where::Link(0));
    assert_eq!(words, "`web` (client) -> `mobile` (client): nothing can call a client");
    assert_eq!(whole, "link 1: `web` (client) -> `mobile` (client): nothing can call a client");

    install_vietnamese();
    let (_, words, whole) = said(&short_retention());
    assert_eq!(words, "`retention_ms` phải ít nhất là 60000 ms, chứ không phải 30000");
    assert_eq!(whole, "thành phần `orders`: `retention_ms` phải ít nhất là 60000 ms, chứ không phải 30000");
    let (_, words, whole) = said(&client_calls_client());
    assert_eq!(words, "`web` (client) -> `mobile` (client): không thành phần nào gọi được máy khách");
    assert_eq!(whole, "liên kết 1: `web` (client) -> `mobile` (client): không thành phần nào gọi được máy khách");
    lab_i18n::reset();
}

#[test]
fn a_value_of_the_wrong_type_is_refused_in_the_pages_language() {
    let mut queue = ComponentSpec::with_defaults("queue", "orders").unwrap();
    lab_i18n::reset();
    assert_eq!(queue.set_field("consumers", FieldValue::Bool(true)).unwrap_err(), "`consumers` takes a number");
    install_vietnamese();
    assert_eq!(queue.set_field("consumers", FieldValue::Bool(true)).unwrap_err(), "`consumers` nhận một số");
    assert_eq!(queue.set_field("colour", FieldValue::Number(1.0)).unwrap_err(), "loại queue không có trường `colour` nào đặt được theo cách này");
    lab_i18n::reset();
}

/// A state machine whose definition is not JSON: the lead is the page's language, the parser's
/// own words follow as they are, quoted in Vietnamese.
fn broken_definition() -> Draft {
    let mut machine = ComponentSpec::with_defaults("state_machine", "checkout").unwrap();
    machine.set_field("definition", FieldValue::Text("{".into())).unwrap();
    let mut draft = Draft::laid_out(lab_sandbox::blueprints::blank());
    draft.add(machine, Point::default());
    draft
}

#[test]
fn a_parsers_words_follow_a_lead_in_the_pages_language() {
    lab_i18n::reset();
    let (_, english, _) = said(&broken_definition());
    let detail = english.strip_prefix("invalid state machine definition: ").unwrap_or_else(|| panic!("{english}"));
    assert!(detail.starts_with("the definition is not valid JSON: "), "{english}");
    install_vietnamese();
    let (_, words, _) = said(&broken_definition());
    assert_eq!(words, format!("định nghĩa máy trạng thái không hợp lệ: “{detail}”"));
    lab_i18n::reset();
}
