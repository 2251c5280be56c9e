use crate::check::number_word;
use crate::model::{Question, QuestionKind, Quiz};

/// A problem in a quiz, naming the question it is in (None: the quiz as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub question: Option<String>,
    pub message: String,
}

/// Checks what an instructor could get wrong: every question has a right answer, "Select N"
/// equals the number of correct options, ids are unique, every option is explained, and a
/// shuffled question never says "none of the above".
pub fn validate(quiz: &Quiz) -> Vec<Problem> {
    let mut problems = Vec::new();
    if quiz.questions.is_empty() {
        problems.push(Problem { question: None, message: "a quiz needs at least one question".into() });
    }
    for (index, question) in quiz.questions.iter().enumerate() {
        if quiz.questions.iter().take(index).any(|earlier| earlier.id == question.id) {
            problems.push(about(question, format!("the id `{}` is used twice", question.id)));
        }
        problems.extend(question_problems(question).into_iter().map(|message| about(question, message)));
    }
    problems
}

fn about(question: &Question, message: String) -> Problem {
    Problem { question: Some(question.id.clone()), message }
}

fn question_problems(question: &Question) -> Vec<String> {
    let mut problems = Vec::new();
    let blank = |text: &str| text.trim().is_empty();
    if blank(&question.id) || blank(&question.prompt) || blank(&question.explanation) {
        problems.push("`id`, `prompt` and `explanation` must not be empty".to_string());
    }
    if question.kind == QuestionKind::Simulated {
        problems.extend(simulated_problems(question));
        return problems;
    }
    if question.scenario.is_some() || !question.vary.is_empty() || question.measure.is_some() || question.tolerance.is_some() || !question.bands.is_empty() || question.pick.is_some() {
        problems.push("only simulated questions take `scenario`, `vary`, `measure`, `tolerance` and `bands`".to_string());
    }
    if question.choices.len() < 2 {
        problems.push("a question needs at least two choices".to_string());
    }
    for choice in &question.choices {
        if blank(&choice.text) || blank(&choice.why) {
            problems.push(format!("every choice needs its `text` and a `why`; check {:?}", choice.text));
        }
        if question.shuffles() && choice.text.to_lowercase().contains("of the above") {
            problems.push(format!("{:?} makes no sense once options are shuffled; pin the question or reword it", choice.text));
        }
    }
    problems.extend(kind_problems(question));
    problems
}

/// What can be checked without the scenario; lab-content checks the rest against it (the
/// scenario exists, the parameters exist and the ranges lie inside theirs).
fn simulated_problems(question: &Question) -> Vec<String> {
    let mut problems = Vec::new();
    if question.scenario.as_deref().is_none_or(|slug| slug.trim().is_empty()) {
        problems.push("a simulated question names its lesson's scenario: `scenario = \"<lesson folder>\"`".to_string());
    }
    match (question.measure, &question.pick) {
        (None, None) => problems.push("a simulated question says what to predict, e.g. `measure = \"throttled\"`".to_string()),
        (Some(_), Some(_)) => problems.push("a simulated question predicts a figure (`measure`) or picks an option (`pick`), not both".to_string()),
        (None, Some(_)) if question.bands.len() < 2 || question.bands.iter().any(|band| band.key.is_none() || band.below.is_some()) => {
            problems.push("a question that picks needs two or more `bands`, each with the `key` of a component and no `below`".to_string())
        }
        _ => {}
    }
    if !question.choices.is_empty() || question.select.is_some() {
        problems.push("a simulated question takes no `choices` or `select`: its answer is measured from the run (offer `bands` to choose from)".to_string());
    }
    if question.tolerance.is_some() && !question.bands.is_empty() {
        problems.push("a simulated question asks for a number (`tolerance`) or a band (`bands`), not both".to_string());
    }
    if question.pick.is_none() {
        problems.extend(crate::prediction::band_problems(&question.bands));
    }
    if question.tolerance.is_some_and(|tolerance| !(tolerance.is_finite() && tolerance >= 0.0)) {
        problems.push("`tolerance` must be a number of 0 or more".to_string());
    }
    for (index, vary) in question.vary.iter().enumerate() {
        if question.vary.iter().take(index).any(|earlier| earlier.parameter == vary.parameter) {
            problems.push(format!("the parameter `{}` is varied twice", vary.parameter));
        }
        if !(vary.min.is_finite() && vary.max.is_finite() && vary.min <= vary.max && vary.step.is_finite() && vary.step > 0.0) {
            problems.push(format!("`{}` needs `min` <= `max` and a `step` above 0", vary.parameter));
        }
    }
    problems.extend(unknown_placeholders(question));
    problems
}

/// Every `{name}` in the prompt must be a varied parameter, or the learner would see it raw.
fn unknown_placeholders(question: &Question) -> Vec<String> {
    question
        .prompt
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !question.vary.iter().any(|vary| vary.parameter == *name))
        .map(|name| format!("the prompt shows `{{{name}}}`, but no `[[questions.vary]]` varies `{name}`"))
        .collect()
}

fn kind_problems(question: &Question) -> Option<String> {
    let correct = question.correct_indices().len();
    match question.kind {
        QuestionKind::Single | QuestionKind::TrueFalse if correct != 1 => {
            Some(format!("a {:?} question needs exactly one correct choice, not {correct}", question.kind))
        }
        QuestionKind::TrueFalse if question.choices.len() != 2 => Some("a true-false question has exactly two choices".into()),
        QuestionKind::Multiple => match question.select {
            None => Some("a multiple question says how many to pick, e.g. `select = 3`".into()),
            Some(select) if select != correct => Some(format!(
                "`select = {select}` but {} choice{} marked correct",
                number_word(correct),
                if correct == 1 { " is" } else { "s are" }
            )),
            Some(_) => None,
        },
        QuestionKind::Ordering if question.choices.len() < 3 => {
            Some("an ordering question needs at least three items".into())
        }
        _ if question.select.is_some() && question.kind != QuestionKind::Multiple => {
            Some("only multiple questions take `select`".into())
        }
        QuestionKind::Ordering if question.choices.iter().any(|choice| choice.correct) => {
            Some("an ordering question's answer is the written order; drop `correct`".into())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Choice, Scoring};
    use crate::simulated::{Measure, Vary};

    fn choice(text: &str, correct: bool) -> Choice {
        Choice { text: text.into(), correct, why: "because".into() }
    }

    fn quiz(questions: Vec<Question>) -> Quiz {
        Quiz { id: "quiz".into(), title: "Quiz".into(), scoring: Scoring::Partial, questions }
    }

    fn multiple(select: Option<usize>) -> Question {
        Question {
            id: "m".into(),
            kind: QuestionKind::Multiple,
            prompt: "Pick".into(),
            explanation: "Why".into(),
            select,
            pinned: false,
            teaches: None,
            scenario: None,
            vary: Vec::new(),
            measure: None,
            tolerance: None,
            bands: Vec::new(),
            pick: None,
            choices: vec![choice("a", true), choice("b", true), choice("c", false)],
        }
    }

    #[test]
    fn a_sound_quiz_has_no_problems() {
        assert_eq!(validate(&quiz(vec![multiple(Some(2))])), vec![]);
    }

    #[test]
    fn select_n_must_equal_the_correct_count() {
        let problems = validate(&quiz(vec![multiple(Some(3))]));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("`select = 3` but two choices are marked correct"), "{problems:?}");
        assert!(!validate(&quiz(vec![multiple(None)])).is_empty());
    }

    #[test]
    fn catches_duplicate_ids_missing_answers_and_explanations() {
        let mut single = multiple(None);
        single.kind = QuestionKind::Single;
        single.choices = vec![choice("a", false), Choice { why: " ".into(), ..choice("b", false) }];
        let problems = validate(&quiz(vec![multiple(Some(2)), multiple(Some(2)), single]));
        let text = format!("{problems:?}");
        assert!(text.contains("used twice"), "{text}");
        assert!(text.contains("exactly one correct choice, not 0"), "{text}");
        assert!(text.contains("needs its `text` and a `why`"), "{text}");
    }

    fn simulated() -> Question {
        Question {
            kind: QuestionKind::Simulated,
            select: None,
            prompt: "At {rate} per second?".into(),
            choices: Vec::new(),
            scenario: Some("api-gateway".into()),
            vary: vec![Vary { parameter: "rate".into(), min: 10.0, max: 50.0, step: 10.0 }],
            measure: Some(Measure::Throttled),
            tolerance: Some(3.0),
            bands: Vec::new(),
            pick: None,
            ..multiple(None)
        }
    }

    #[test]
    fn a_simulated_question_needs_a_scenario_a_measure_and_sound_ranges() {
        assert_eq!(validate(&quiz(vec![simulated()])), vec![]);
        let mut broken = simulated();
        broken.scenario = None;
        broken.measure = None;
        broken.prompt = "At {speed}?".into();
        broken.vary.push(Vary { parameter: "rate".into(), min: 5.0, max: 1.0, step: 0.0 });
        broken.choices = vec![choice("a", true)];
        let text = format!("{:?}", validate(&quiz(vec![broken])));
        for expected in ["`scenario = ", "`measure = ", "`{speed}`", "varied twice", "`min` <= `max`", "no `choices`"] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
        let mut single = multiple(Some(2));
        single.measure = Some(Measure::Retries);
        assert!(format!("{:?}", validate(&quiz(vec![single]))).contains("only simulated questions"));
    }

    #[test]
    fn none_of_the_above_is_refused_when_shuffled() {
        let mut question = multiple(Some(2));
        question.choices.push(choice("None of the above", false));
        assert!(!validate(&quiz(vec![question.clone()])).is_empty());
        question.pinned = true;
        assert_eq!(validate(&quiz(vec![question])), vec![]);
    }
}
