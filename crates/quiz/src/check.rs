use lab_i18n::quiz as msg;

use crate::model::{Question, QuestionKind, Scoring};

/// What a learner gave: picked option indices (in the question's written order), or for an
/// ordering question the option indices in the order the learner put them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Picks(Vec<usize>),
    Order(Vec<usize>),
}

/// The verdict on one option, shown with its explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionVerdict {
    /// Picked (or placed right) and right.
    RightPick,
    /// Picked (or placed wrong) and wrong.
    WrongPick,
    /// Not picked, and it should have been.
    Missed,
    /// Not picked, and rightly so.
    RightlyLeft,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    /// Not graded: the answer is not complete, e.g. two picks where the question says
    /// "Select THREE". The message says what is missing.
    Incomplete(String),
    Graded {
        /// 0.0 to 1.0.
        score: f64,
        fully_right: bool,
        /// One per option, in the question's written order.
        verdicts: Vec<OptionVerdict>,
    },
}

/// Checks an answer. Never panics: out-of-range or repeated indices are reported as incomplete.
pub fn check(question: &Question, answer: &Answer, scoring: Scoring) -> Checked {
    match (question.kind, answer) {
        (QuestionKind::Simulated, _) => Checked::Incomplete(msg::INCOMPLETE_SIMULATED.text().to_string()),
        (QuestionKind::Ordering, Answer::Order(order)) => check_order(question, order, scoring),
        (QuestionKind::Ordering, Answer::Picks(_)) => Checked::Incomplete(msg::INCOMPLETE_ORDER.text().to_string()),
        (_, Answer::Order(_)) => Checked::Incomplete(msg::INCOMPLETE_PICK.text().to_string()),
        (_, Answer::Picks(picks)) => check_picks(question, picks, scoring),
    }
}

fn check_picks(question: &Question, picks: &[usize], scoring: Scoring) -> Checked {
    let count = question.choices.len();
    if picks.iter().any(|&pick| pick >= count) || has_repeats(picks) {
        return Checked::Incomplete(msg::INCOMPLETE_NO_SUCH_OPTION.text().to_string());
    }
    let wanted = match question.kind {
        QuestionKind::Multiple => question.select.unwrap_or_else(|| question.correct_indices().len()),
        _ => 1,
    };
    if picks.len() != wanted {
        return Checked::Incomplete(msg::INCOMPLETE_CHOOSE.with(&[("word", &number_word(wanted))]));
    }
    let verdicts: Vec<OptionVerdict> = question
        .choices
        .iter()
        .enumerate()
        .map(|(index, choice)| match (picks.contains(&index), choice.correct) {
            (true, true) => OptionVerdict::RightPick,
            (true, false) => OptionVerdict::WrongPick,
            (false, true) => OptionVerdict::Missed,
            (false, false) => OptionVerdict::RightlyLeft,
        })
        .collect();
    let right = verdicts.iter().filter(|verdict| **verdict == OptionVerdict::RightPick).count();
    let wrong = verdicts.iter().filter(|verdict| **verdict == OptionVerdict::WrongPick).count();
    let fully_right = wrong == 0 && !verdicts.contains(&OptionVerdict::Missed);
    let total = question.correct_indices().len().max(1);
    let score = match scoring {
        _ if fully_right => 1.0,
        Scoring::AllOrNothing => 0.0,
        Scoring::Partial => right.saturating_sub(wrong) as f64 / total as f64,
    };
    Checked::Graded { score, fully_right, verdicts }
}

fn check_order(question: &Question, order: &[usize], scoring: Scoring) -> Checked {
    let count = question.choices.len();
    if order.len() != count || order.iter().any(|&index| index >= count) || has_repeats(order) {
        return Checked::Incomplete(msg::INCOMPLETE_PLACE_ALL.text().to_string());
    }
    // Option i is right when the learner put it at position i.
    let verdicts: Vec<OptionVerdict> = (0..count)
        .map(|item| if order.get(item) == Some(&item) { OptionVerdict::RightPick } else { OptionVerdict::WrongPick })
        .collect();
    let placed_right = verdicts.iter().filter(|verdict| **verdict == OptionVerdict::RightPick).count();
    let fully_right = placed_right == count;
    let score = match scoring {
        _ if fully_right => 1.0,
        Scoring::AllOrNothing => 0.0,
        Scoring::Partial => placed_right as f64 / count.max(1) as f64,
    };
    Checked::Graded { score, fully_right, verdicts }
}

fn has_repeats(indices: &[usize]) -> bool {
    indices.iter().enumerate().any(|(position, index)| indices.iter().take(position).any(|earlier| earlier == index))
}

/// "Select THREE" is how the course writes it; "choose three" reads naturally in feedback.
/// The words are the language's (a list in one message); past ten, digits.
pub fn number_word(number: usize) -> String {
    let words = msg::NUMBER_WORDS.text();
    words.split(',').nth(number).map(|word| word.trim().to_string()).unwrap_or_else(|| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Choice;

    fn choice(text: &str, correct: bool) -> Choice {
        Choice { text: text.into(), correct, why: format!("why {text}") }
    }

    fn select_three() -> Question {
        Question {
            id: "channels".into(),
            kind: QuestionKind::Multiple,
            prompt: "Which three?".into(),
            explanation: "Because.".into(),
            select: Some(3),
            pinned: false,
            teaches: None,
            scenario: None,
            vary: Vec::new(),
            measure: None,
            tolerance: None,
            bands: Vec::new(),
            pick: None,
            choices: vec![
                choice("queues", true),
                choice("pub/sub", true),
                choice("events", true),
                choice("email", false),
                choice("chat", false),
            ],
        }
    }

    #[test]
    fn two_picks_for_select_three_is_incomplete_not_wrong() {
        let checked = check(&select_three(), &Answer::Picks(vec![0, 1]), Scoring::AllOrNothing);
        assert_eq!(checked, Checked::Incomplete("choose three".into()));
    }

    #[test]
    fn all_or_nothing_gives_zero_for_one_wrong_pick() {
        let Checked::Graded { score, fully_right, verdicts } =
            check(&select_three(), &Answer::Picks(vec![0, 1, 3]), Scoring::AllOrNothing)
        else {
            panic!("graded")
        };
        assert_eq!(score, 0.0);
        assert!(!fully_right);
        use OptionVerdict::*;
        assert_eq!(verdicts, vec![RightPick, RightPick, Missed, WrongPick, RightlyLeft]);
    }

    #[test]
    fn partial_credit_is_right_minus_wrong_floored_at_zero() {
        let partial = |picks: Vec<usize>| match check(&select_three(), &Answer::Picks(picks), Scoring::Partial) {
            Checked::Graded { score, .. } => score,
            other => panic!("{other:?}"),
        };
        assert!((partial(vec![0, 1, 3]) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(partial(vec![0, 3, 4]), 0.0);
        assert_eq!(partial(vec![2, 1, 0]), 1.0);
    }

    #[test]
    fn nonsense_answers_are_incomplete() {
        let question = select_three();
        for answer in [Answer::Picks(vec![0, 0, 1]), Answer::Picks(vec![0, 1, 99]), Answer::Order(vec![0])] {
            assert!(matches!(check(&question, &answer, Scoring::Partial), Checked::Incomplete(_)), "{answer:?}");
        }
    }

    #[test]
    fn ordering_scores_items_in_their_place() {
        let question = Question {
            kind: QuestionKind::Ordering,
            select: None,
            choices: vec![choice("a", false), choice("b", false), choice("c", false), choice("d", false)],
            ..select_three()
        };
        let score = |order: Vec<usize>, scoring| match check(&question, &Answer::Order(order), scoring) {
            Checked::Graded { score, .. } => score,
            other => panic!("{other:?}"),
        };
        assert_eq!(score(vec![0, 1, 2, 3], Scoring::AllOrNothing), 1.0);
        assert_eq!(score(vec![1, 0, 2, 3], Scoring::AllOrNothing), 0.0);
        assert_eq!(score(vec![1, 0, 2, 3], Scoring::Partial), 0.5);
        assert!(matches!(check(&question, &Answer::Order(vec![0, 1, 2]), Scoring::Partial), Checked::Incomplete(_)));
    }
}
