//! What the app reads at runtime never makes the quiz code panic: saved or typed answers
//! (picks, orders, predictions), saved simulator instances and entropy, checked against the
//! course's real questions (`lessons/`); and questions of any shape, valid or not, for what
//! reads the quiz itself. In the browser a panic kills the page (`panic = "abort"`).

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "a test: a panic is how it reports a failure")]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use lab_quiz::*;
use proptest::prelude::*;
use proptest::sample::Index;

/// Every question of the course: each lesson's `quiz.toml` and the course-wide `*.quiz.toml`.
fn course_questions() -> &'static [Question] {
    static QUESTIONS: OnceLock<Vec<Question>> = OnceLock::new();
    QUESTIONS.get_or_init(|| {
        let lessons = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&lessons)
            .unwrap_or_else(|error| panic!("{}: {error}", lessons.display()))
            .map(|entry| entry.unwrap().path())
            .map(|path| if path.is_dir() { path.join("quiz.toml") } else { path })
            .filter(|path| path.is_file() && path.to_string_lossy().ends_with("quiz.toml"))
            .collect();
        files.sort();
        let questions: Vec<Question> = files
            .iter()
            .flat_map(|file| {
                let text = std::fs::read_to_string(file).unwrap();
                toml::from_str::<Quiz>(&text).unwrap_or_else(|error| panic!("{}: {error}", file.display())).questions
            })
            .collect();
        for kind in [QuestionKind::Single, QuestionKind::Multiple, QuestionKind::Ordering, QuestionKind::Simulated] {
            assert!(questions.iter().any(|question| question.kind == kind), "the course has no {kind:?} question");
        }
        questions
    })
}

fn course_question(index: &Index) -> &'static Question {
    index.get(course_questions())
}

/// Option indices as storage or a hand-edited link could hold them: mostly near the real
/// range, sometimes anything.
fn indices() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(prop_oneof![4 => 0..10usize, 1 => any::<usize>()], 0..12)
}

fn scoring() -> impl Strategy<Value = Scoring> {
    prop_oneof![Just(Scoring::AllOrNothing), Just(Scoring::Partial)]
}

/// Numbers as a saved instance or a typed prediction could hold them.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e3..1e3f64,
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
    ]
}

/// A saved instance: any seed, values named after the question's parameters or anything.
fn instance_for(question: &Question) -> impl Strategy<Value = Instance> {
    let mut names: Vec<String> = question.vary.iter().map(|vary| vary.parameter.clone()).collect();
    names.push("no-such-parameter".into());
    let name = prop::sample::select(names);
    let seed = prop_oneof![0..2_000_000u64, any::<u64>()];
    (seed, prop::collection::vec((name, number()), 0..4)).prop_map(|(seed, values)| Instance { seed, values })
}

fn kind() -> impl Strategy<Value = QuestionKind> {
    prop_oneof![
        Just(QuestionKind::Single),
        Just(QuestionKind::Multiple),
        Just(QuestionKind::TrueFalse),
        Just(QuestionKind::Ordering),
        Just(QuestionKind::Simulated),
    ]
}

/// A question of any shape, including ones `validate` rejects (no right answer, `select`
/// of any size, ranges upside down or not numbers at all).
fn any_question() -> impl Strategy<Value = Question> {
    let choice = (".{0,8}", any::<bool>()).prop_map(|(text, correct)| Choice { text, correct, why: "why".into() });
    let vary = ("[a-c]{1,2}", number(), number(), number()).prop_map(|(parameter, min, max, step)| Vary { parameter, min, max, step });
    (
        kind(),
        prop::collection::vec(choice, 0..8),
        prop::option::of(prop_oneof![0..10usize, any::<usize>()]),
        any::<bool>(),
        prop::collection::vec(vary, 0..3),
        prop::option::of(number()),
        ".{0,24}",
    )
        .prop_map(|(kind, choices, select, pinned, vary, tolerance, prompt)| Question {
            id: "q".into(),
            kind,
            prompt,
            explanation: "because".into(),
            select,
            pinned,
            teaches: None,
            choices,
            scenario: Some("lesson".into()),
            vary,
            measure: Some(Measure::Requests),
            tolerance,
            bands: Vec::new(),
            pick: None,
        })
}

fn assert_sane(checked: &Checked, question: &Question) {
    if let Checked::Graded { score, verdicts, .. } = checked {
        assert!((0.0..=1.0).contains(score), "score {score}");
        assert!(verdicts.is_empty() || verdicts.len() == question.choices.len());
    }
}

fn is_permutation(order: &[usize], count: usize) -> bool {
    let mut sorted = order.to_vec();
    sorted.sort_unstable();
    sorted == (0..count).collect::<Vec<_>>()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_answer_to_a_course_question_is_checked_without_panic(
        index in any::<Index>(),
        picks in indices(),
        order in indices(),
        scoring in scoring(),
    ) {
        let question = course_question(&index);
        for answer in [Answer::Picks(picks.clone()), Answer::Order(order.clone())] {
            assert_sane(&check(question, &answer, scoring), question);
        }
    }

    #[test]
    fn the_shown_order_is_always_an_answer_the_check_accepts(index in any::<Index>(), seed in any::<u64>()) {
        let question = course_question(&index);
        let count = question.choices.len();
        prop_assert!(is_permutation(&shuffled_order(question, seed), count));
        let scrambled = scrambled_order(question, seed);
        prop_assert!(is_permutation(&scrambled, count));
        if question.kind == QuestionKind::Ordering {
            let checked = check(question, &Answer::Order(scrambled), Scoring::Partial);
            prop_assert!(matches!(checked, Checked::Graded { .. }), "{checked:?}");
        }
    }

    #[test]
    fn saved_instances_of_course_questions_are_read_without_panic(
        (question, instance) in any::<Index>()
            .prop_map(|index| course_question(&index))
            .prop_flat_map(|question| (Just(question), instance_for(question))),
        given in number(),
        measured in number(),
    ) {
        // The app redraws an instance that no longer fits; one that fits is shown and run.
        if instance_fits(question, &instance) {
            prop_assert_eq!(instance.values.len(), question.vary.len());
        }
        let _ = prompt_with_values(question, &instance);
        assert_sane(&check_prediction(question, given, measured), question);
    }

    #[test]
    fn drawn_instances_of_course_questions_fit(index in any::<Index>(), entropy in any::<u64>()) {
        let question = course_question(&index);
        let instance = draw_instance(question, entropy);
        prop_assert!(instance_fits(question, &instance), "{instance:?}");
        prop_assert_eq!(&instance, &draw_instance(question, entropy));
    }

    #[test]
    fn any_number_formats_without_panic(value in number()) {
        let text = format_number(value);
        prop_assert!(!text.is_empty());
        if value.is_finite() {
            let back: f64 = text.parse().unwrap();
            prop_assert!((back - value).abs() <= 0.005 + value.abs() * 1e-12, "{value} -> {text}");
        }
    }

    #[test]
    fn a_question_of_any_shape_is_handled_without_panic(
        question in any_question(),
        entropy in any::<u64>(),
        picks in indices(),
        scoring in scoring(),
    ) {
        let _ = validate(&Quiz { id: "quiz".into(), title: "Quiz".into(), scoring, questions: vec![question.clone(), question.clone()] });
        let _ = question.instruction();
        assert_sane(&check(&question, &Answer::Picks(picks.clone()), scoring), &question);
        assert_sane(&check(&question, &Answer::Order(picks), scoring), &question);
        let count = question.choices.len();
        prop_assert!(is_permutation(&shuffled_order(&question, entropy), count));
        prop_assert!(is_permutation(&scrambled_order(&question, entropy), count));
        let drawn = draw_instance(&question, entropy);
        let _ = instance_fits(&question, &drawn);
        let _ = instance_fits(&question, &fixed_instance(&question));
        let _ = prompt_with_values(&question, &drawn);
    }
}
