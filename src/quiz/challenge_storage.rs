//! The design challenges' state as the sandbox keeps it in this browser (its best stars under
//! one key, each challenge's design under its own: see `crates/sandbox/src/storage.rs`, whose
//! key names these must match), read into and written back from an exported progress file.

use std::collections::BTreeMap;

use super::progress::{merge_challenges, ChallengeProgress};
use super::storage::local_storage;
use crate::catalog::CHALLENGES;

const STARS_KEY: &str = "lab-challenge-stars";

fn design_key(slug: &str) -> String {
    format!("lab-challenge-{slug}")
}

fn storage() -> Option<web_sys::Storage> {
    // A page painted at build time shows no one's progress (and has no window).
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    local_storage().ok()
}

fn stars() -> BTreeMap<String, u8> {
    storage()
        .and_then(|storage| storage.get_item(STARS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Every course challenge the learner has tried in this browser.
pub fn kept() -> BTreeMap<String, ChallengeProgress> {
    let stars = stars();
    let storage = storage();
    CHALLENGES
        .iter()
        .filter_map(|challenge| {
            let design = storage.as_ref().and_then(|storage| storage.get_item(&design_key(challenge.slug)).ok().flatten());
            let stars = stars.get(challenge.slug).copied();
            (design.is_some() || stars.is_some()).then(|| (challenge.slug.to_string(), ChallengeProgress { stars: stars.unwrap_or(0), design }))
        })
        .collect()
}

/// Merges imported challenges into this browser's: the most stars, and a design only where
/// none is kept here. Challenges this course does not have are ignored.
pub fn restore(imported: BTreeMap<String, ChallengeProgress>) {
    let Some(storage) = storage() else { return };
    let known = imported.into_iter().filter(|(slug, _)| CHALLENGES.iter().any(|c| c.slug == slug)).collect();
    let mut merged = kept();
    merge_challenges(&mut merged, known);
    let best: BTreeMap<&str, u8> = merged.iter().map(|(slug, kept)| (slug.as_str(), kept.stars)).collect();
    if let Ok(text) = serde_json::to_string(&best) {
        let _ = storage.set_item(STARS_KEY, &text);
    }
    for (slug, kept) in &merged {
        if let Some(design) = &kept.design {
            let _ = storage.set_item(&design_key(slug), design);
        }
    }
}

/// (challenges solved with at least one star, stars earned) in this browser.
pub fn summary() -> (usize, u32) {
    let stars = stars();
    let known = CHALLENGES.iter().filter_map(|challenge| stars.get(challenge.slug).copied());
    known.fold((0, 0), |(solved, total), s| (solved + usize::from(s > 0), total + u32::from(s)))
}
