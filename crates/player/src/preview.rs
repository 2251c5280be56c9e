//! The diagram a lesson's page shows while this module is still downloading: drawn at build
//! time, on the host, by the player's own diagram view at the run's first step, so the place
//! keeps the player's look and the page does not jump when the player arrives.

use lab_sim::lesson::PlayerData;
use leptos::prelude::*;

/// The diagram of the lesson's default run at its first step, as HTML.
pub fn diagram_html(data: PlayerData) -> Result<String, String> {
    // Effects (the animation) are handed to a pool that never runs: a drawing is the first step.
    let _ = any_spawner::Executor::init_futures_executor();
    let owner = Owner::new();
    // Drawing reads every signal once and tracks none: debug builds would warn at each read.
    let _reads_once = leptos::reactive::diagnostics::SpecialNonReactiveZone::enter();
    owner.with(|| {
        let ctx = crate::start(data, "", crate::Place::Lesson)?;
        Ok(crate::diagram::view(ctx).to_html())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_every_component_of_the_lesson() {
        let lesson = crate::test_lessons::lesson_sim("api-gateway");
        let names: Vec<String> = lesson.scenario.components.iter().map(|component| component.name().to_string()).collect();
        let html = diagram_html(PlayerData { lesson, compared: None }).unwrap();
        assert!(html.starts_with("<figure"), "{html}");
        for name in names {
            assert!(html.contains(&name), "{name} is drawn");
        }
    }
}
