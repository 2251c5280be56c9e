//! Trunk's second post-build hook: writes each lesson's HTML beside the app, under the name the
//! app was built with (`Lesson::page_file`, the same function build.rs calls). The app fetches a
//! lesson's text when the lesson opens, so the first download carries no lesson prose.

use std::fs;
use std::path::Path;

use lab_content::{load_lessons, ContentError};

use crate::{workspace, Result};

/// Entry point for the hook.
pub fn write_from_trunk_env() -> Result<()> {
    write(&workspace::trunk_staging_dir("write-lesson-pages")?)
}

fn write(dir: &Path) -> Result<()> {
    let mut lessons = load_lessons(&workspace::root().join("lessons")).map_err(|errors| ContentError::list(&errors))?;
    // The benchmark's build adds its own lessons (see build.rs); their pages go with them.
    if let Some(extra) = std::env::var_os("LAB_EXTRA_LESSONS") {
        lessons.extend(load_lessons(Path::new(&extra)).map_err(|errors| ContentError::list(&errors))?);
    }
    for lesson in &lessons {
        let file = dir.join(lesson.page_file());
        fs::write(&file, &lesson.html).map_err(|error| format!("cannot write {}: {error}", file.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_lesson_page_under_its_content_name() {
        let dir = std::env::temp_dir().join(format!("lab-lesson-pages-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        write(&dir).unwrap();
        let lessons = load_lessons(&workspace::root().join("lessons")).unwrap();
        for lesson in &lessons {
            assert_eq!(fs::read_to_string(dir.join(lesson.page_file())).unwrap(), lesson.html);
        }
        assert_eq!(fs::read_dir(&dir).unwrap().count(), lessons.len());
    }
}
