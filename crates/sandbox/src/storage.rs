//! The sandbox between visits: the draft is kept in the browser's storage, in the same compact
//! form as a share link. What cannot be read is set aside under another key (never erased) and
//! the learner is told.

use crate::draft::Draft;
use crate::share_link::{from_fragment, to_fragment};

const KEY: &str = "lab-sandbox";
const SET_ASIDE_KEY: &str = "lab-sandbox-unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The kept draft; `Err` says why a kept one could not be used (it is then set aside).
pub fn load() -> Result<Option<Draft>, String> {
    let Some(storage) = storage() else { return Ok(None) };
    let Ok(Some(kept)) = storage.get_item(KEY) else { return Ok(None) };
    from_fragment(&kept).map(Some).map_err(|why| {
        let _ = storage.set_item(SET_ASIDE_KEY, &kept);
        let _ = storage.remove_item(KEY);
        format!("The sandbox kept from your last visit could not be opened ({why}). It was set aside in this browser's storage as {SET_ASIDE_KEY}; you start from a blank canvas.")
    })
}

/// Keeps `draft`; `Err` when the browser refuses (storage full or blocked).
pub fn save(draft: &Draft) -> Result<(), String> {
    let Some(storage) = storage() else { return Err("this browser keeps no storage for this site".to_string()) };
    let text = to_fragment(draft)?;
    storage.set_item(KEY, &text).map_err(|_| "this browser refused to keep the sandbox (its storage may be full)".to_string())
}
