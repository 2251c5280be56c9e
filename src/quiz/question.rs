use lab_i18n::quiz as msg;
use leptos::prelude::*;

use lab_quiz::{check, scrambled_order, shuffled_order, Answer, Checked, OptionVerdict, Question, QuestionKind, Scoring};

use super::marks::{mark, Mark};
use super::progress::{Prediction, SavedAnswer};
use super::simulated::SimulatedCard;
use super::storage::use_progress_store;

/// What every question of a quiz shares.
#[derive(Clone, Copy)]
pub struct QuizContext {
    pub quiz_id: &'static str,
    pub hash: &'static str,
    pub scoring: Scoring,
    /// Questions in the quiz, to notice its first complete attempt.
    pub total: usize,
    /// Changes on each retry, so options are reshuffled.
    pub attempt: u64,
    /// Where results are announced to screen readers.
    pub announce: RwSignal<String>,
}

/// One question: its options, a Check button, and after checking, why each option is right or
/// wrong. A saved answer is shown checked, as it was left.
#[component]
pub fn QuestionCard(question: Question, number: usize, context: QuizContext, saved: Option<SavedAnswer>) -> impl IntoView {
    provide_context(ContentLang(super::catalog::entry(context.quiz_id).and_then(super::catalog::QuizEntry::content_lang)));
    if question.kind == QuestionKind::Simulated {
        return view! { <SimulatedCard question=question number=number context=context saved=saved /> }.into_any();
    }
    let seed = seed_for(context, &question.id);
    let initial = match (&saved, question.kind) {
        (Some(saved), _) => saved.picks.clone(),
        (None, QuestionKind::Ordering) => scrambled_order(&question, seed),
        (None, _) => Vec::new(),
    };
    let display_order = shuffled_order(&question, seed);
    let picks = RwSignal::new(initial);
    let checked = RwSignal::new(saved.map(|saved| check(&question, &answer_of(&question, saved.picks), context.scoring)));
    let question = StoredValue::new(question);
    let on_check = move |_| check_answer(question, picks, checked, number, context);
    view! {
        <fieldset class="question" data-testid="question" data-question=question.with_value(|q| q.id.clone())>
            <Legend question=question number=number prompt=question.with_value(|q| q.prompt.clone()) />
            {move || {
                if question.with_value(|q| q.kind == QuestionKind::Ordering) {
                    view! { <OrderingList question=question picks=picks checked=checked /> }.into_any()
                } else {
                    view! { <ChoiceList question=question display_order=display_order.clone() picks=picks checked=checked /> }.into_any()
                }
            }}
            <button type="button" class="check-button" data-testid="check" on:click=on_check>{msg::CHECK_ANSWER.text()}</button>
            <Feedback question=question checked=checked />
        </fieldset>
    }
    .into_any()
}

/// The language of a question's own words (its prompt, options and explanations), when it
/// differs from the page's: a quiz not yet translated shows its English inside a Vietnamese page.
#[derive(Clone, Copy)]
struct ContentLang(Option<&'static str>);

fn content_lang() -> Option<&'static str> {
    use_context::<ContentLang>().and_then(|lang| lang.0)
}

/// A question's number, prompt and instruction; it takes focus when a retry starts.
#[component]
pub(super) fn Legend(question: StoredValue<Question>, number: usize, prompt: String) -> impl IntoView {
    view! {
        <legend id=format!("question-{}", question.with_value(|q| q.id.clone())) tabindex="-1">
            <span class="question-number">{format!("{} ", msg::QUESTION_NUMBER.with(&[("number", &number)]))}</span>
            <span lang=content_lang()>{prompt}</span>
            {question.with_value(Question::instruction).map(|hint| view! { <span class="select-hint">{format!(" {hint}")}</span> })}
        </legend>
    }
}

fn check_answer(question: StoredValue<Question>, picks: RwSignal<Vec<usize>>, checked: RwSignal<Option<Checked>>, number: usize, context: QuizContext) {
    let result = question.with_value(|q| check(q, &answer_of(q, picks.get_untracked()), context.scoring));
    let question_id = question.with_value(|q| q.id.clone());
    settle(&question_id, number, context, &result, picks.get_untracked(), None);
    checked.set(Some(result));
}

/// Announces a checked answer and, once it is graded, saves it.
pub(super) fn settle(question_id: &str, number: usize, context: QuizContext, result: &Checked, picks: Vec<usize>, prediction: Option<Prediction>) {
    let announcement = match result {
        Checked::Incomplete(what) => msg::ANNOUNCE_INCOMPLETE.with(&[("number", &number), ("what", what)]),
        Checked::Graded { fully_right: true, .. } => msg::ANNOUNCE_CORRECT.with(&[("number", &number)]),
        Checked::Graded { score, .. } if *score > 0.0 => msg::ANNOUNCE_PARTLY.with(&[("number", &number), ("percent", &percent(*score))]),
        Checked::Graded { .. } if prediction.is_some() => msg::ANNOUNCE_WRONG_MEASURED.with(&[("number", &number)]),
        Checked::Graded { .. } => msg::ANNOUNCE_WRONG.with(&[("number", &number)]),
    };
    if let Checked::Graded { score, fully_right, .. } = result {
        let saved = SavedAnswer { picks, score: *score, fully_right: *fully_right, prediction };
        if let Some(store) = use_progress_store() {
            store.change(|progress| {
                progress.record(context.quiz_id, context.hash, question_id, saved);
                progress.note_completion(context.quiz_id, context.hash, context.total);
            });
        }
    }
    context.announce.set(announcement);
}

fn answer_of(question: &Question, picks: Vec<usize>) -> Answer {
    match question.kind {
        QuestionKind::Ordering => Answer::Order(picks),
        _ => Answer::Picks(picks),
    }
}

/// A score of 0 to 1 as a whole percentage, without the sign (the message has it).
fn percent(score: f64) -> String {
    lab_i18n::decimal(score * 100.0, 0)
}

fn seed_for(context: QuizContext, question_id: &str) -> u64 {
    let text = format!("{}/{}/{}", context.hash, question_id, context.attempt);
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

#[component]
fn ChoiceList(
    question: StoredValue<Question>,
    display_order: Vec<usize>,
    picks: RwSignal<Vec<usize>>,
    checked: RwSignal<Option<Checked>>,
) -> impl IntoView {
    let (name, multiple) = question.with_value(|q| (q.id.clone(), q.kind == QuestionKind::Multiple));
    let input_type = if multiple { "checkbox" } else { "radio" };
    let toggle = move |index: usize| {
        picks.update(|picks| match (multiple, picks.iter().position(|pick| *pick == index)) {
            (true, Some(position)) => {
                picks.remove(position);
            }
            (true, None) => picks.push(index),
            (false, _) => *picks = vec![index],
        });
        checked.set(None);
    };
    view! {
        <ul class="choices">
            {display_order
                .into_iter()
                .map(|index| {
                    let text = question.with_value(|q| q.choices.get(index).map(|choice| choice.text.clone()).unwrap_or_default());
                    view! {
                        <li class="choice" data-testid="choice">
                            <label>
                                <input
                                    type=input_type
                                    name=name.clone()
                                    prop:checked=move || picks.with(|picks| picks.contains(&index))
                                    on:change=move |_| toggle(index)
                                />
                                <span lang=content_lang()>{text}</span>
                            </label>
                            <Verdict question=question checked=checked index=index />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn OrderingList(question: StoredValue<Question>, picks: RwSignal<Vec<usize>>, checked: RwSignal<Option<Checked>>) -> impl IntoView {
    let move_item = move |position: usize, up: bool| {
        picks.update(|order| {
            let target = if up { position.checked_sub(1) } else { Some(position + 1).filter(|target| *target < order.len()) };
            if let Some(target) = target {
                order.swap(position, target);
            }
        });
        checked.set(None);
    };
    view! {
        <ol class="ordering">
            {move || {
                picks
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(position, index)| {
                        let text = question.with_value(|q| q.choices.get(index).map(|choice| choice.text.clone()).unwrap_or_default());
                        view! {
                            <li class="choice" data-testid="choice">
                                <span lang=content_lang()>{text.clone()}</span>
                                <span class="order-buttons">
                                    <button type="button" aria-label=msg::MOVE_UP.with(&[("item", &text)]) on:click=move |_| move_item(position, true)>{mark(Mark::Up)}</button>
                                    <button type="button" aria-label=msg::MOVE_DOWN.with(&[("item", &text)]) on:click=move |_| move_item(position, false)>{mark(Mark::Down)}</button>
                                </span>
                                <Verdict question=question checked=checked index=index />
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

/// After checking: whether this option was right to pick, with an icon and words (never colour
/// alone), and why.
#[component]
fn Verdict(question: StoredValue<Question>, checked: RwSignal<Option<Checked>>, index: usize) -> impl IntoView {
    let ordering = question.with_value(|q| q.kind == QuestionKind::Ordering);
    move || {
        let verdict = checked.with(|checked| match checked {
            Some(Checked::Graded { verdicts, .. }) => verdicts.get(index).copied(),
            _ => None,
        })?;
        let (class, icon, label) = verdict_words(verdict, ordering);
        let why = question.with_value(|q| q.choices.get(index).map(|choice| choice.why.clone()).unwrap_or_default());
        Some(view! {
            <p class=format!("verdict {class}") data-testid="verdict" data-verdict=class>
                <span class="verdict-icon">{mark(icon)}</span>
                <strong>{label}</strong>
                " "
                <span lang=content_lang()>{why}</span>
            </p>
        })
    }
}

fn verdict_words(verdict: OptionVerdict, ordering: bool) -> (&'static str, Mark, String) {
    let (class, icon, label) = match (verdict, ordering) {
        (OptionVerdict::RightPick, true) => ("right", Mark::Right, msg::VERDICT_RIGHT_PLACE),
        (OptionVerdict::WrongPick, true) => ("wrong", Mark::Wrong, msg::VERDICT_WRONG_PLACE),
        (OptionVerdict::RightPick, false) => ("right", Mark::Right, msg::VERDICT_CORRECT_CHOICE),
        (OptionVerdict::WrongPick, false) => ("wrong", Mark::Wrong, msg::NOT_CORRECT),
        (OptionVerdict::Missed, _) => ("missed", Mark::Wrong, msg::VERDICT_MISSED),
        (OptionVerdict::RightlyLeft, _) => ("left-out", Mark::Right, msg::VERDICT_RIGHTLY_LEFT),
    };
    (class, icon, label.text().to_string())
}

/// The result of checking: incomplete, or the score with the general explanation.
#[component]
pub(super) fn Feedback(question: StoredValue<Question>, checked: RwSignal<Option<Checked>>) -> impl IntoView {
    move || {
        checked.get().map(|result| match result {
            Checked::Incomplete(what) => view! {
                <p class="incomplete" data-testid="incomplete">{mark(Mark::Warning)}" "<strong>{format!("{} ", msg::INCOMPLETE.text())}</strong>{what}"."</p>
            }
            .into_any(),
            Checked::Graded { score, fully_right, .. } => {
                let (class, icon, label) = match (fully_right, score > 0.0) {
                    (true, _) => ("right", Mark::Right, msg::CORRECT.text().to_string()),
                    (false, true) => ("partial", Mark::Partial, msg::PARTLY_CORRECT.with(&[("percent", &percent(score))])),
                    (false, false) => ("wrong", Mark::Wrong, msg::NOT_CORRECT.text().to_string()),
                };
                let (explanation, teaches) = question.with_value(|q| (q.explanation.clone(), q.teaches.clone()));
                view! {
                    <div class=format!("result {class}") data-testid="result" data-result=class>
                        <p><strong>{mark(icon)}" "{label}</strong></p>
                        <p lang=content_lang()>{explanation}</p>
                        {teaches.map(|href| view! { <p><a href=href>{msg::LEARN_MORE.text()}</a></p> })}
                    </div>
                }
                .into_any()
            }
        })
    }
}
