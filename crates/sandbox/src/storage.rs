//! The sandbox between visits: each draft (the free sandbox's, and one per design challenge) is
//! kept in the browser's storage, in the same compact form as a share link, and the stars each
//! challenge earned. What cannot be read is set aside under another key (never erased) and the
//! learner is told.

use std::collections::BTreeMap;

use lab_i18n::sandbox as msg;

use crate::draft::Draft;
use crate::share_link::{from_fragment, to_fragment};

/// Where the free sandbox's draft is kept.
pub const SANDBOX_KEY: &str = "lab-sandbox";
/// The best stars of each challenge, by slug, as JSON.
const STARS_KEY: &str = "lab-challenge-stars";

/// Where a challenge's draft is kept.
pub fn challenge_key(slug: &str) -> String {
    format!("lab-challenge-{slug}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft kept under `key`; `Err` says why a kept one could not be used (it is then set
/// aside under `<key>-unreadable`).
pub fn load(key: &str) -> Result<Option<Draft>, String> {
    let Some(storage) = storage() else { return Ok(None) };
    let Ok(Some(kept)) = storage.get_item(key) else { return Ok(None) };
    from_fragment(&kept).map(Some).map_err(|why| {
        let aside = format!("{key}-unreadable");
        let _ = storage.set_item(&aside, &kept);
        let _ = storage.remove_item(key);
        msg::KEPT_UNREADABLE.with(&[("why", &why), ("aside", &aside)])
    })
}

/// Keeps `draft` under `key`; `Err` when the browser refuses (storage full or blocked).
pub fn save(key: &str, draft: &Draft) -> Result<(), String> {
    let Some(storage) = storage() else { return Err(msg::NO_STORAGE.text().to_string()) };
    let text = to_fragment(draft)?;
    storage.set_item(key, &text).map_err(|_| msg::STORAGE_REFUSED.text().to_string())
}

fn all_stars() -> BTreeMap<String, u8> {
    storage()
        .and_then(|storage| storage.get_item(STARS_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// The most stars the learner has earned on the challenge `slug`.
pub fn best_stars(slug: &str) -> u8 {
    all_stars().get(slug).copied().unwrap_or(0)
}

/// Records `stars` for the challenge `slug` if it beats the best so far.
pub fn record_stars(slug: &str, stars: u8) {
    let mut all = all_stars();
    if all.get(slug).is_some_and(|best| *best >= stars) {
        return;
    }
    all.insert(slug.to_string(), stars);
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&all)) {
        let _ = storage.set_item(STARS_KEY, &text);
    }
}
