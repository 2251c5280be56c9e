//! Moodle GIFT export, so instructors can load the course's quizzes into their LMS.
//! Format: https://docs.moodle.org/en/GIFT_format

use lab_sim::Scenario;

use crate::model::{Question, QuestionKind, Quiz, Scoring};
use crate::simulated::{fixed_instance, format_number, measure_instance, prompt_with_values};

/// All quizzes as one GIFT file, each in its own category. `scenario_of` gives a lesson's
/// scenario by folder name, to answer simulated questions; one it cannot answer is left out
/// with a comment saying why.
pub fn to_gift(quizzes: &[Quiz], scenario_of: &dyn Fn(&str) -> Option<Scenario>) -> String {
    let mut out = String::new();
    for quiz in quizzes {
        out.push_str(&format!("$CATEGORY: $course$/Integration Patterns Lab/{}\n\n", escape(&quiz.title)));
        for question in &quiz.questions {
            match question_to_gift(quiz, question, scenario_of) {
                Ok(text) => out.push_str(&text),
                Err(why) => out.push_str(&format!("// {} / {} is left out: {why}", quiz.id, question.id)),
            }
            out.push_str("\n\n");
        }
    }
    out
}

fn question_to_gift(quiz: &Quiz, question: &Question, scenario_of: &dyn Fn(&str) -> Option<Scenario>) -> Result<String, String> {
    let (prompt, opening, answers) = match question.kind {
        QuestionKind::Single => (prompt_with_count(question), "{", single_answers(question)),
        QuestionKind::Multiple => (prompt_with_count(question), "{", multiple_answers(question, quiz.scoring)),
        QuestionKind::TrueFalse => (prompt_with_count(question), "{", true_false_answer(question)),
        QuestionKind::Ordering => (prompt_with_count(question), "{", ordering_as_matching(question)),
        QuestionKind::Simulated => {
            let (prompt, answer) = simulated_for_fixed_instance(question, scenario_of)?;
            (prompt, if question.bands.is_empty() { "{#" } else { "{" }, answer)
        }
    };
    Ok(format!(
        "// {} / {}\n::{}::{} {opening}\n{answers}\t####{}\n}}",
        quiz.id,
        question.id,
        escape(&format!("{}: {}", quiz.id, question.id)),
        escape(&prompt),
        escape(&question.explanation)
    ))
}

/// GIFT has no ordering type (see `ordering_as_matching`), so its instruction differs.
fn prompt_with_count(question: &Question) -> String {
    match (question.kind, question.instruction()) {
        (QuestionKind::Ordering, _) => format!("{} (Match each step to its position.)", question.prompt),
        (_, Some(instruction)) => format!("{} {instruction}", question.prompt),
        (_, None) => question.prompt.clone(),
    }
}

/// A simulated question becomes a numerical one for a fixed instance (seed 1, every range at
/// its minimum), answered by running it here; one with bands becomes a single choice whose
/// right option is the band that run falls in.
fn simulated_for_fixed_instance(question: &Question, scenario_of: &dyn Fn(&str) -> Option<Scenario>) -> Result<(String, String), String> {
    let slug = question.scenario.as_deref().unwrap_or_default();
    let scenario = scenario_of(slug).ok_or_else(|| format!("the lesson `{slug}` has no scenario"))?;
    let instance = fixed_instance(question);
    let measured = measure_instance(question, &scenario, &instance)?;
    let prompt = format!("{} (Simulation seed 1.) {}", prompt_with_values(question, &instance), question.instruction().unwrap_or_default());
    let said = escape(&format!("The simulation measured {}{}.", format_number(measured.value), question.measure.map_or("", |measure| measure.unit())));
    if !question.bands.is_empty() {
        let right = crate::simulated::right_option(question, measured.value);
        let options = question.bands.iter().enumerate().map(|(i, band)| format!("\t{}{}#{said}\n", if Some(i) == right { '=' } else { '~' }, escape(&band.text)));
        return Ok((prompt, options.collect()));
    }
    let answer = format!("\t={}:{}#{said}\n", format_number(measured.value), format_number(question.tolerance.unwrap_or(0.0)));
    Ok((prompt, answer))
}

fn single_answers(question: &Question) -> String {
    question
        .choices
        .iter()
        .map(|choice| format!("\t{}{}#{}\n", if choice.correct { '=' } else { '~' }, escape(&choice.text), escape(&choice.why)))
        .collect()
}

/// Each correct option is worth 100/N percent. Each wrong one costs 100/N with partial credit
/// (correct minus wrong picks), or 100 with all-or-nothing, so one wrong pick among N scores zero.
fn multiple_answers(question: &Question, scoring: Scoring) -> String {
    let correct = question.correct_indices().len().max(1);
    let share = moodle_weight(100.0 / correct as f64);
    let penalty = match scoring {
        Scoring::Partial => format!("-{share}"),
        Scoring::AllOrNothing => "-100".to_string(),
    };
    question
        .choices
        .iter()
        .map(|choice| {
            let weight = if choice.correct { &share } else { &penalty };
            format!("\t~%{weight}%{}#{}\n", escape(&choice.text), escape(&choice.why))
        })
        .collect()
}

/// GIFT's true/false gives the feedback for a wrong answer first, then for a right one.
fn true_false_answer(question: &Question) -> String {
    let truth = question.choices.iter().find(|choice| choice.correct).map(|choice| choice.text.trim().eq_ignore_ascii_case("true")).unwrap_or(true);
    let why_of = |is_true: bool| {
        question
            .choices
            .iter()
            .find(|choice| choice.text.trim().eq_ignore_ascii_case(if is_true { "true" } else { "false" }))
            .map(|choice| escape(&choice.why))
            .unwrap_or_default()
    };
    format!("\t{}#{}#{}\n", if truth { "TRUE" } else { "FALSE" }, why_of(!truth), why_of(truth))
}

/// GIFT has no ordering type; a matching question pairs each step with its position.
fn ordering_as_matching(question: &Question) -> String {
    question.choices.iter().enumerate().map(|(index, choice)| format!("\t={} -> {}\n", escape(&choice.text), index + 1)).collect()
}

/// Moodle accepts only certain percentages, written with up to five decimals (33.33333).
fn moodle_weight(percent: f64) -> String {
    let text = format!("{percent:.5}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// GIFT's special characters are escaped with a backslash; line breaks become `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.trim().chars() {
        match character {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(character);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(escape("a=b ~c #d {e} f:g \\h\nnext"), "a\\=b \\~c \\#d \\{e\\} f\\:g \\\\h\\nnext");
    }

    #[test]
    fn weights_use_moodle_notation() {
        assert_eq!(moodle_weight(100.0 / 3.0), "33.33333");
        assert_eq!(moodle_weight(50.0), "50");
        assert_eq!(moodle_weight(12.5), "12.5");
    }
}
