//! The course's own lesson simulations for the player's host tests, read from `lessons/` the
//! way the build publishes them.

use lab_sim::lesson::LessonSim;

fn lessons_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")
}

/// Every lesson folder that has a simulation.
pub fn lesson_slugs() -> Vec<String> {
    let lessons = lab_content::load_lessons(&lessons_dir()).expect("the course loads");
    let slugs: Vec<&str> = lessons.iter().map(|lesson| lesson.slug.as_str()).collect();
    let scenarios = lab_content::load_scenarios(&lessons_dir(), &slugs).expect("the scenarios load");
    scenarios.into_iter().map(|scenario| scenario.slug).collect()
}

pub fn lesson_sim(slug: &str) -> LessonSim {
    lab_content::load_scenario(&lessons_dir(), slug).expect("the scenario loads").expect("the lesson has a simulation").sim
}
