//! A design challenge beside the canvas: the brief, the objectives and the budget, a check
//! that grades the draft on every seed (`lab_challenge::grade`, the simulation run in the
//! page), up to three stars, hints one at a time, and the worked solution on request.

use lab_challenge::{cost, counted_components, grade, Challenge, Grade, ObjectiveGrade};
use lab_quiz::format_number;
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
    let objectives = spec.objectives.iter().map(|o| view! { <li>{format!("{} ({})", o.text, o.bound_words())}</li> }).collect_view();
    let budget = spec.budget;
    let spent = move || ed.draft(|d| (counted_components(&d.scenario), cost(&d.scenario)));
    let check = {
        let challenge = challenge.clone();
        move |_| {
            let result = ed.draft_untracked(|d| grade(&challenge, &d.scenario));
            if let Ok(grade) = &result {
                storage::record_stars(&challenge.spec.slug, grade.stars);
                best.set(storage::best_stars(&challenge.spec.slug));
                ed.say(format!("Checked on {} seeds: {} of 3 stars.", challenge.spec.seeds, grade.stars));
            }
            graded.set(Some(result));
        }
    };
    let hints = spec.hints.clone();
    let hint_count = hints.len();
    let solution = challenge.solution.clone();
    let show_solution = move |_| {
        ed.start_from(Draft::laid_out(solution.clone()), "The worked solution is on the canvas. Undo brings your design back.".to_string());
        solution_shown.set(true);
    };
    view! {
        <section class="challenge" data-testid="challenge" aria-labelledby="challenge-title">
            <h2 id="challenge-title">{format!("Design challenge: {}", spec.title)}</h2>
            <p>{spec.brief.clone()}</p>
            <h3>{format!("Objectives, checked on each of seeds 1 to {}", spec.seeds)}</h3>
            <ul>{objectives}</ul>
            <p data-testid="challenge-budget">{move || {
                let (components, spent) = spent();
                format!(
                    "Budget: at most {} components (callers not counted) and {} cost units. Your design: {components} components, {} cost units.",
                    budget.components, format_number(budget.cost), format_number(spent)
                )
            }}</p>
            <p>{format!("Third star: {}", spec.stretch.text)}</p>
            <div class="challenge-actions">
                <button type="button" class="primary" data-testid="challenge-check" on:click=check>"Check my design"</button>
                <button type="button" data-testid="challenge-hint" disabled=move || { hints_shown.get() >= hint_count }
                    on:click=move |_| hints_shown.update(|shown| *shown = (*shown + 1).min(hint_count))>
                    {move || format!("Show a hint ({} of {hint_count} shown)", hints_shown.get())}
                </button>
                <button type="button" data-testid="challenge-solution" on:click=show_solution>"Show the worked solution"</button>
            </div>
            <p class="challenge-best">{move || match best.get() {
                0 => "Not solved yet in this browser.".to_string(),
                stars => format!("Your best so far: {stars} of 3 stars."),
            }}</p>
            <ol class="challenge-hints">{move || hints.iter().take(hints_shown.get()).map(|hint| view! { <li>{hint.clone()}</li> }).collect_view()}</ol>
            {move || solution_shown.get().then(|| view! { <p class="challenge-explanation" data-testid="challenge-explanation">{spec.explanation.clone()}</p> })}
            <div aria-live="polite">{move || graded.get().map(|result| match result {
                Ok(grade) => report(&grade).into_any(),
                Err(why) => view! { <p class="challenge-error" data-testid="challenge-result">{format!("This design does not run: {why}.")}</p> }.into_any(),
            })}</div>
        </section>
    }
}

/// The stars, then each objective with its figure on every seed, then what else decided.
fn report(grade: &Grade) -> impl IntoView {
    let rows = grade.objectives.iter().chain(&grade.stretch).map(objective_row).collect_view();
    let verdict = match grade.stars {
        0 => "Not solved yet: see which objective missed, and on which seed.".to_string(),
        1 => "Solved: every objective holds on every seed. The second star asks for the budget.".to_string(),
        2 => "Solved within the budget. The third star asks for the stretch.".to_string(),
        _ => "Solved within the budget, and the stretch met: three stars.".to_string(),
    };
    let givens = grade.changed_givens.iter().map(|given| view! { <li>{given.clone()}</li> }).collect_view();
    view! {
        <div class="challenge-result" data-testid="challenge-result" data-stars=grade.stars.to_string()>
            <p class="stars" aria-label=format!("{} of 3 stars", grade.stars)>{stars(grade.stars)}<strong>{format!(" {} of 3 stars. ", grade.stars)}</strong>{verdict}</p>
            <table>
                <thead><tr><th scope="col">"Objective"</th><th scope="col">"Figure on each seed"</th><th scope="col">"Held"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p>{format!("Budget {}: {} components, {} cost units.", if grade.within_budget { "kept" } else { "exceeded" }, grade.components, format_number(grade.cost))}</p>
            <ul>{givens}</ul>
        </div>
    }
}

fn objective_row(graded: &ObjectiveGrade) -> impl IntoView {
    let unit = graded.objective.measure.unit();
    let figures = graded
        .figures
        .iter()
        .map(|f| format!("seed {}: {}{unit}{}", f.seed, format_number(f.value), if f.passed { "" } else { " (missed)" }))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <tr>
            <td>{format!("{} ({})", graded.objective.text, graded.objective.bound_words())}</td>
            <td>{figures}</td>
            <td>{if graded.passed { "yes" } else { "no" }}</td>
        </tr>
    }
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
