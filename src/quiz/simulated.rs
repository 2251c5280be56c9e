//! A simulator-graded question: the learner predicts a figure of the lesson's simulation for
//! this attempt's instance (a seed and parameter values), the answer is measured by running
//! that instance here in the browser (in the player module, downloaded when such a question is
//! shown), and "Watch the run" opens exactly that run in the lesson's player.

use lab_quiz::{check_prediction, draw_instance, format_number, instance_fits, Checked, Instance, MeasuredRun, Question};
use lab_i18n::quiz as msg;
use leptos::prelude::*;

use super::progress::{Prediction, SavedAnswer};
use super::question::{settle, Feedback, Legend, QuizContext};
use super::storage::use_progress_store;
use crate::route::Route;
use crate::site::href;

#[component]
pub fn SimulatedCard(question: Question, number: usize, context: QuizContext, saved: Option<SavedAnswer>) -> impl IntoView {
    let id = question.id.clone();
    let restored = saved.and_then(|saved| saved.prediction).filter(|prediction| instance_fits(&question, &prediction.instance));
    let measured = RwSignal::new(None::<Result<(Instance, MeasuredRun), String>>);
    // Painting the page at build time shows the question's place; the browser runs it.
    if crate::dom::in_browser() {
        let instance = match &restored {
            Some(prediction) => prediction.instance.clone(),
            None => open_instance(&question, context),
        };
        measure(&question, instance, measured);
    }
    let question = StoredValue::new(question);
    move || match measured.get() {
        None => view! {
            <fieldset class="question simulated" data-testid="question" data-question=id.clone() aria-busy="true">
                <legend>{msg::QUESTION_HEADING.with(&[("number", &number)])}</legend>
                <p class="loading">{msg::SIMULATED_LOADING.text()}</p>
            </fieldset>
        }
        .into_any(),
        Some(Err(why)) => view! {
            <fieldset class="question" data-testid="question" data-question=id.clone()>
                <p class="notice" role="alert">{msg::SIMULATED_FAILED.with(&[("why", &why)])}</p>
            </fieldset>
        }
        .into_any(),
        Some(Ok((instance, run))) => view! { <Measured question=question number=number context=context restored=restored.clone() instance=instance run=run /> }.into_any(),
    }
}

/// Downloads the player module and the lesson's data, then runs the instance.
fn measure(question: &Question, instance: Instance, measured: RwSignal<Option<Result<(Instance, MeasuredRun), String>>>) {
    let slug = question.scenario.clone().unwrap_or_default();
    let Some(data_file) = crate::catalog::find(&slug).and_then(|lesson| lesson.sim_file()) else {
        measured.set(Some(Err(msg::NO_SIMULATION.with(&[("lesson", &slug)]))));
        return;
    };
    let (question_json, instance_json) = (serde_json::to_string(question).unwrap_or_default(), serde_json::to_string(&instance).unwrap_or_default());
    leptos::task::spawn_local(async move {
        let result = crate::player_module::measure(question_json, data_file, instance_json).await;
        let _ = measured.try_set(Some(result.map(|run| (instance, run))));
    });
}

#[component]
fn Measured(question: StoredValue<Question>, number: usize, context: QuizContext, restored: Option<Prediction>, instance: Instance, run: MeasuredRun) -> impl IntoView {
    let id = question.with_value(|q| q.id.clone());
    let slug = question.with_value(|q| q.scenario.clone().unwrap_or_default());
    let measured = run.value;
    let prompt = question.with_value(|q| lab_quiz::prompt_with_values(q, &instance));
    let described = run.instance_text.clone();
    let watch = format!("{}{}", href(&Route::Lesson(slug)), run.share_fragment);
    let typed = RwSignal::new(restored.as_ref().map(|prediction| format_number(prediction.given)).unwrap_or_default());
    let checked = RwSignal::new(restored.map(|prediction| question.with_value(|q| check_prediction(q, prediction.given, measured))));
    let instance = StoredValue::new(instance);
    let on_check = move || {
        let given = parse_number(&typed.get_untracked());
        let result = question.with_value(|q| check_prediction(q, given, measured));
        let prediction = Some(Prediction { instance: instance.get_value(), given });
        settle(&question.with_value(|q| q.id.clone()), number, context, &result, Vec::new(), prediction);
        checked.set(Some(result));
    };
    let input_id = format!("prediction-{id}");
    view! {
        <fieldset class="question simulated" data-testid="question" data-question=id>
            <Legend question=question number=number prompt=prompt />
            <p class="instance" data-testid="instance" data-seed=instance.with_value(|i| i.seed.to_string())>{described}</p>
            {if question.with_value(|q| q.bands.is_empty()) {
                view! {
                    <p class="prediction">
                        <label for=input_id.clone()>{format!("{}: ", msg::YOUR_PREDICTION.text())}</label>
                        <input
                            id=input_id
                            type="text"
                            inputmode="decimal"
                            autocomplete="off"
                            data-testid="prediction"
                            prop:value=move || typed.get()
                            on:input=move |event| {
                                typed.set(event_target_value(&event));
                                checked.set(None);
                            }
                            on:keydown=move |event| {
                                if event.key() == "Enter" {
                                    on_check();
                                }
                            }
                        />
                        {question.with_value(|q| q.measure.map(|measure| measure.unit().trim().to_string()))}
                    </p>
                }
                .into_any()
            } else {
                bands_view(question, &input_id, typed, checked).into_any()
            }}
            <button type="button" class="check-button" data-testid="check" on:click=move |_| on_check()>{msg::CHECK_ANSWER.text()}</button>
            <Feedback question=question checked=checked />
            <RunLink question=question checked=checked measured=measured typed=typed href=watch />
        </fieldset>
    }
    .into_any()
}

/// A computed choice: one radio per band of the figure; `typed` holds the chosen band's index.
fn bands_view(question: StoredValue<Question>, name: &str, typed: RwSignal<String>, checked: RwSignal<Option<Checked>>) -> impl IntoView {
    let bands = question.with_value(|q| q.bands.clone());
    view! {
        <div class="options" role="radiogroup" aria-label=msg::YOUR_PREDICTION.text() data-testid="prediction-bands">
            {bands.into_iter().enumerate().map(|(i, band)| {
                let index = i.to_string();
                let chosen = index.clone();
                view! {
                    <label class="option">
                        <input type="radio" name=name.to_string() value=index.clone() data-testid="band"
                            prop:checked=move || typed.get() == chosen
                            on:change=move |_| { typed.set(index.clone()); checked.set(None); } />
                        <span>{band.text}</span>
                    </label>
                }
            }).collect_view()}
        </div>
    }
}

/// What the learner answered, in words: the number typed, or the band chosen.
fn answer_text(question: StoredValue<Question>, typed: &str, unit: &str) -> String {
    // Only a question with bands has options to find; a typed number finds none.
    let band = typed.trim().parse::<usize>().ok().and_then(|i| question.with_value(|q| q.bands.get(i).map(|band| band.text.clone())));
    match band {
        Some(text) => msg::YOU_CHOSE.with(&[("option", &text)]),
        None => msg::YOU_PREDICTED.with(&[("value", &typed.trim()), ("unit", &unit)]),
    }
}

/// After grading: what the run measured, and the link that opens that very run.
#[component]
fn RunLink(question: StoredValue<Question>, checked: RwSignal<Option<Checked>>, measured: f64, typed: RwSignal<String>, href: String) -> impl IntoView {
    let measure = question.with_value(|q| q.measure);
    // A pick's figure is the index of the option the run picked.
    let picked = question.with_value(|q| q.pick.is_some().then(|| q.bands.get(measured as usize).map(|band| band.text.clone()).unwrap_or_default()));
    move || {
        let graded = checked.with(|checked| matches!(checked, Some(Checked::Graded { .. })));
        graded.then(|| {
            let value = format_number(measured);
            let unit = measure.map_or("", |measure| measure.unit());
            let answer = answer_text(question, &typed.get_untracked(), unit);
            let (said, shown) = match &picked {
                Some(text) => (msg::RUN_PICKED.with(&[("option", text), ("answer", &answer)]), msg::SHOWN_PICKED.text().to_string()),
                None => (msg::RUN_MEASURED.with(&[("value", &value), ("unit", &unit), ("answer", &answer)]), measure.map(|measure| measure.where_shown()).unwrap_or_default()),
            };
            view! {
                <p class="measured" data-testid="measured" data-value=value.clone()>{said}</p>
                <p>
                    <a href=href.clone() data-testid="watch-run">{msg::WATCH_RUN.text()}</a>
                    {format!(" {}", msg::WATCH_RUN_DETAIL.with(&[("shown", &shown)]))}
                </p>
            }
        })
    }
}

/// The instance of the open attempt: the one saved for it, or a fresh one, saved at once so a
/// reload shows the same instance.
fn open_instance(question: &Question, context: QuizContext) -> Instance {
    let store = use_progress_store();
    let saved = store.and_then(|store| store.progress.with_untracked(|progress| progress.drawn(context.quiz_id, context.hash, &question.id)));
    if let Some(instance) = saved.filter(|instance| instance_fits(question, instance)) {
        return instance;
    }
    // Math.random is enough: the draw only needs to differ between attempts, not be secret.
    let entropy = (web_sys::js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let instance = draw_instance(question, entropy);
    if let Some(store) = store {
        store.change(|progress| progress.set_drawn(context.quiz_id, context.hash, &question.id, instance.clone()));
    }
    instance
}

/// A typed number; "12,5" is read as 12.5, and on a Vietnamese page "12.000" as 12000 (the
/// way [`format_number`] writes it there). Anything else is NaN, which checking reports as
/// incomplete.
fn parse_number(text: &str) -> f64 {
    let text = text.trim();
    let grouped = lab_i18n::language() == lab_i18n::Lang::Vi && is_grouped(text.split(',').next().unwrap_or_default());
    let text = if grouped { text.replace('.', "") } else { text.to_string() };
    text.replace(',', ".").parse().unwrap_or(f64::NAN)
}

/// Digits in groups of three after the first, joined by dots: "12.000", "1.234.567".
fn is_grouped(whole: &str) -> bool {
    let mut groups = whole.trim_start_matches('-').split('.');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let digits = |group: &str| !group.is_empty() && group.bytes().all(|byte| byte.is_ascii_digit());
    !rest.is_empty() && digits(first) && first.len() <= 3 && rest.iter().all(|group| group.len() == 3 && digits(group))
}

#[cfg(test)]
mod tests {
    use super::parse_number;
    use lab_i18n::{install, reset, Lang};

    #[test]
    fn a_typed_number_is_read_as_the_page_writes_numbers() {
        reset();
        assert_eq!(parse_number(" 12,5 "), 12.5);
        assert_eq!(parse_number("2.500"), 2.5);
        assert!(parse_number("twelve").is_nan());
        install(Lang::Vi, "{}").unwrap_or_default();
        assert_eq!(parse_number("12,5"), 12.5);
        assert_eq!(parse_number("12.000"), 12000.0, "dots group thousands");
        assert_eq!(parse_number("1.234.567,5"), 1234567.5);
        assert_eq!(parse_number("2.5"), 2.5, "a dot before other than three digits is a decimal point");
        assert_eq!(parse_number("-12.000"), -12000.0);
        reset();
    }
}
