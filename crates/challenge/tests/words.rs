//! What grading says to the learner, in English and in Vietnamese (from the message files).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use lab_challenge::{figure, Objective};
use lab_i18n::Lang;
use lab_quiz::Measure;

fn objective(measure: Measure, at_most: Option<f64>, at_least: Option<f64>) -> Objective {
    Objective { text: "t".into(), measure, at_most, at_least }
}

fn install_vietnamese() {
    let messages = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../messages");
    let table = lab_i18n::publish::table_json(&messages, Lang::Vi).unwrap();
    lab_i18n::install(Lang::Vi, &table).unwrap();
}

#[test]
fn figures_have_at_most_two_decimals_in_the_languages_way() {
    lab_i18n::reset();
    for (value, english) in [(2.5, "2.5"), (2000.0, "2000"), (0.126, "0.13"), (10.0, "10"), (3.10, "3.1")] {
        assert_eq!(figure(value), english);
        assert_eq!(figure(value), lab_quiz::format_number(value), "English as the quizzes write it");
    }
    install_vietnamese();
    for (value, vietnamese) in [(2.5, "2,5"), (2000.0, "2000"), (12000.0, "12.000"), (12000.5, "12.000,5"), (10.0, "10")] {
        assert_eq!(figure(value), vietnamese);
    }
    lab_i18n::reset();
}

#[test]
fn bounds_read_in_the_learners_language() {
    lab_i18n::reset();
    let latency = objective(Measure::CallerP95Ms, Some(250.5), None);
    let requests = objective(Measure::Requests, None, Some(2000.0));
    assert_eq!(latency.bound_words(), "at most 250.5 ms");
    assert_eq!(requests.bound_words(), "at least 2000");
    assert_eq!(objective(Measure::Requests, None, None).bound_words(), "no bound");
    install_vietnamese();
    assert_eq!(latency.bound_words(), "tối đa 250,5 ms");
    assert_eq!(requests.bound_words(), "ít nhất 2000");
    lab_i18n::reset();
}
