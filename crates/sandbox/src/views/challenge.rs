//! A design challenge beside the canvas: the brief, the objectives and the budget, a check
//! that grades the draft on every seed (`lab_challenge::grade`, the simulation run in the
//! page), up to three stars, hints one at a time, and the worked solution on request.

use lab_challenge::{cost, counted_components, figure, grade, Challenge, Grade, Objective, ObjectiveGrade};
use lab_i18n::sandbox as msg;
use leptos::prelude::*;

use super::Ed;
use crate::draft::Draft;
use crate::storage;

pub fn view(ed: Ed) -> impl IntoView {
    ed.challenge.with_value(|challenge| challenge.clone()).map(|challenge| panel(ed, challenge))
}

fn panel(ed: Ed, challenge: Challenge) -> impl IntoView {
    let spec = challenge.spec.clone();
    let slug = spec.slug.clone();
    let graded = RwSignal::new(None::<Result<Grade, String>>);
    let hints_shown = RwSignal::new(0usize);
    let solution_shown = RwSignal::new(false);
    let best = RwSignal::new(storage::best_stars(&slug));
    let objectives = spec.objectives.iter().map(|o| view! { <li>{with_bound(o)}</li> }).collect_view();
    let budget = spec.budget;
    let spent = move || ed.draft(|d| (counted_components(&d.scenario), cost(&d.scenario)));
    let check = {
        let challenge = challenge.clone();
        move |_| {
            let result = ed.draft_untracked(|d| grade(&challenge, &d.scenario));
            if let Ok(grade) = &result {
                storage::record_stars(&challenge.spec.slug, grade.stars);
                best.set(storage::best_stars(&challenge.spec.slug));
                ed.say(msg::CHECKED.with(&[("seeds", &challenge.spec.seeds), ("stars", &grade.stars)]));
            }
            graded.set(Some(result));
        }
    };
    let hints = spec.hints.clone();
    let hint_count = hints.len();
    let solution = challenge.solution.clone();
    let show_solution = move |_| {
        ed.start_from(Draft::laid_out(solution.clone()), msg::SOLUTION_SHOWN.text().to_string());
        solution_shown.set(true);
    };
    view! {
        <section class="challenge" data-testid="challenge" aria-labelledby="challenge-title">
            <h2 id="challenge-title">{msg::CHALLENGE_HEADING.with(&[("title", &spec.title)])}</h2>
            <p>{spec.brief.clone()}</p>
            <h3>{msg::OBJECTIVES_HEADING.with(&[("seeds", &spec.seeds)])}</h3>
            <ul>{objectives}</ul>
            <p data-testid="challenge-budget">{move || {
                let (used, spent) = spent();
                msg::BUDGET_LINE.with(&[("components", &budget.components), ("cost", &figure(budget.cost)), ("used", &used), ("spent", &figure(spent))])
            }}</p>
            <p>{msg::THIRD_STAR.with(&[("stretch", &spec.stretch.text)])}</p>
            <div class="challenge-actions">
                <button type="button" class="primary" data-testid="challenge-check" on:click=check>{msg::CHECK_DESIGN.text()}</button>
                <button type="button" data-testid="challenge-hint" disabled=move || { hints_shown.get() >= hint_count }
                    on:click=move |_| hints_shown.update(|shown| *shown = (*shown + 1).min(hint_count))>
                    {move || msg::SHOW_HINT.with(&[("shown", &hints_shown.get()), ("count", &hint_count)])}
                </button>
                <button type="button" data-testid="challenge-solution" on:click=show_solution>{msg::SHOW_SOLUTION.text()}</button>
            </div>
            <p class="challenge-best">{move || match best.get() {
                0 => msg::NOT_SOLVED_HERE.text().to_string(),
                stars => msg::BEST_SO_FAR.with(&[("stars", &stars)]),
            }}</p>
            <ol class="challenge-hints">{move || hints.iter().take(hints_shown.get()).map(|hint| view! { <li>{hint.clone()}</li> }).collect_view()}</ol>
            {move || solution_shown.get().then(|| view! { <p class="challenge-explanation" data-testid="challenge-explanation">{spec.explanation.clone()}</p> })}
            <div aria-live="polite">{move || graded.get().map(|result| match result {
                Ok(grade) => report(&grade).into_any(),
                Err(why) => view! { <p class="challenge-error" data-testid="challenge-result">{msg::DOES_NOT_RUN.with(&[("why", &why)])}</p> }.into_any(),
            })}</div>
        </section>
    }
}

/// The stars, then each objective with its figure on every seed, then what else decided.
fn report(grade: &Grade) -> impl IntoView {
    let rows = grade.objectives.iter().chain(&grade.stretch).map(objective_row).collect_view();
    let verdict = match grade.stars {
        0 => msg::VERDICT_NONE,
        1 => msg::VERDICT_ONE,
        2 => msg::VERDICT_TWO,
        _ => msg::VERDICT_THREE,
    }
    .text();
    let stars_words = msg::STARS_OF_THREE.with(&[("stars", &grade.stars)]);
    let budget = if grade.within_budget { msg::BUDGET_KEPT } else { msg::BUDGET_EXCEEDED };
    let givens = grade.changed_givens.iter().map(|given| view! { <li>{given.clone()}</li> }).collect_view();
    view! {
        <div class="challenge-result" data-testid="challenge-result" data-stars=grade.stars.to_string()>
            <p class="stars" aria-label=stars_words.clone()>{stars(grade.stars)}<strong>{format!(" {stars_words}. ")}</strong>{verdict}</p>
            <table>
                <thead><tr><th scope="col">{msg::COLUMN_OBJECTIVE.text()}</th><th scope="col">{msg::COLUMN_FIGURES.text()}</th><th scope="col">{msg::COLUMN_HELD.text()}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p>{budget.with(&[("components", &grade.components), ("cost", &figure(grade.cost))])}</p>
            <ul>{givens}</ul>
        </div>
    }
}

fn objective_row(graded: &ObjectiveGrade) -> impl IntoView {
    let unit = graded.objective.measure.unit();
    let figures = graded
        .figures
        .iter()
        .map(|f| if f.passed { msg::SEED_FIGURE } else { msg::SEED_FIGURE_MISSED }.with(&[("seed", &f.seed), ("value", &figure(f.value)), ("unit", &unit)]))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <td>{with_bound(&graded.objective)}</td>
            <td>{figures}</td>
            <td>{if graded.passed { msg::HELD_YES } else { msg::HELD_NO }.text()}</td>
        </tr>
    }
}

/// An objective in the challenge's words, with its bound: "No webhook is lost (at most 0)".
fn with_bound(objective: &Objective) -> String {
    msg::OBJECTIVE_WITH_BOUND.with(&[("objective", &objective.text), ("bound", &objective.bound_words())])
}

/// Three stars drawn in SVG, the earned ones filled.
fn stars(earned: u8) -> impl IntoView {
    (1..=3u8)
        .map(|n| {
            let class = if n <= earned { "star star-earned" } else { "star" };
            view! {
                <svg class=class viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 2 L14.9 8.6 L22 9.3 L16.6 14 L18.2 21 L12 17.3 L5.8 21 L7.4 14 L2 9.3 L9.1 8.6 Z" />
                </svg>
            }
        })
        .collect_view()
}
