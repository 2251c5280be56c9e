//! The data files the build publishes beside the app, each named by its content so a host and
//! the service worker may cache it forever: one per lesson simulation (what the player
//! downloads) and one per quiz. `build.rs` embeds the names in the app's catalog and the
//! post-build hook writes the files, both through these functions, so the names always agree.

use lab_sim::lesson::PlayerData;

use crate::{LessonFigures, LessonScenario, QuizFile};

/// A file to publish: its name (content-hashed) and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// The lesson slug or quiz id it belongs to.
    pub key: String,
    pub file: String,
    pub text: String,
}

/// `<prefix>-<key>-<hash>.<extension>`, with a hash that is stable across builds and platforms
/// (FNV-1a; std's hasher is neither).
pub fn content_name(prefix: &str, key: &str, extension: &str, bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3));
    format!("{prefix}-{key}-{hash:016x}.{extension}")
}

/// Each lesson's player data: its simulation and the scenario of the lesson it compares with.
pub fn player_files(scenarios: &[LessonScenario]) -> Vec<Published> {
    scenarios
        .iter()
        .map(|lesson| {
            let compared = lesson.sim.compare.as_ref().and_then(|compare| {
                scenarios.iter().find(|other| other.slug == compare.with).map(|other| other.sim.scenario.clone())
            });
            let data = PlayerData { lesson: lesson.sim.clone(), compared };
            publish("sim", &lesson.slug, json(&data))
        })
        .collect()
}

/// Each design challenge (its text, rules and two architectures), keyed by the challenge's slug
/// and published as `challenge-<slug>-<hash>.json`: fetched by the sandbox page when the
/// learner opens it.
pub fn challenge_files(challenges: &[crate::LessonChallenge]) -> Vec<Published> {
    challenges.iter().map(|found| publish("challenge", &found.challenge.spec.slug, json(&found.challenge))).collect()
}

/// Each lesson figure's player data, keyed `<lesson>/<figure>` and published as
/// `figure-<lesson>-<figure>-<hash>.json`: fetched when the learner scrolls near the figure.
pub fn figure_files(figures: &[LessonFigures]) -> Vec<Published> {
    figures
        .iter()
        .flat_map(|lesson| {
            lesson.figures.iter().map(|figure| {
                let data = PlayerData { lesson: figure.scenario.sim.clone(), compared: None };
                let text = json(&data);
                let file = content_name("figure", &format!("{}-{}", lesson.slug, figure.name), "json", text.as_bytes());
                Published { key: format!("{}/{}", lesson.slug, figure.name), file, text }
            })
        })
        .collect()
}

/// Each quiz as JSON, fetched when its page (or the final assessment) needs it.
pub fn quiz_files(quizzes: &[QuizFile]) -> Vec<Published> {
    quizzes.iter().map(|file| publish("quiz", &file.quiz.id, json(&file.quiz))).collect()
}

/// Every quiz in Moodle's GIFT format, as `lab gift` writes it, for the app's download button.
pub fn gift_file(lessons_dir: &std::path::Path, quizzes: &[QuizFile]) -> Published {
    let quizzes: Vec<lab_quiz::Quiz> = quizzes.iter().map(|file| file.quiz.clone()).collect();
    let text = crate::course_gift(lessons_dir, &quizzes);
    Published { key: "course".to_string(), file: content_name("quizzes", "course", "gift", text.as_bytes()), text }
}

fn publish(prefix: &str, key: &str, text: String) -> Published {
    Published { key: key.to_string(), file: content_name(prefix, key, "json", text.as_bytes()), text }
}

fn json(value: &impl serde::Serialize) -> String {
    // Serialising plain data structs to a String cannot fail; an empty object keeps it total.
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_change_with_the_content_only() {
        assert_eq!(content_name("sim", "a", "json", b"x"), content_name("sim", "a", "json", b"x"));
        assert_ne!(content_name("sim", "a", "json", b"x"), content_name("sim", "a", "json", b"y"));
        assert!(content_name("quiz", "pre-assessment", "json", b"{}").starts_with("quiz-pre-assessment-"));
    }

    #[test]
    fn a_comparison_carries_the_other_scenario() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
        let lessons = crate::load_lessons(&root).unwrap();
        let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
        let scenarios = crate::load_scenarios(&root, &slugs).unwrap();
        let files = player_files(&scenarios);
        let gateway = files.iter().find(|file| file.key == "api-gateway").unwrap();
        let data: PlayerData = serde_json::from_str(&gateway.text).unwrap();
        assert_eq!(data.lesson.compare.as_ref().map(|c| c.with.as_str()), Some("decouple-messaging"));
        let other = scenarios.iter().find(|lesson| lesson.slug == "decouple-messaging").unwrap();
        assert_eq!(data.compared.as_ref(), Some(&other.sim.scenario));
    }
}
