//! A sandbox in a link: the whole draft (scenario and places) as JSON, deflated, in URL-safe
//! base64, after a version: `#sandbox=1.<data>`. A link is capped in length and in what it
//! unpacks to, and a damaged or foreign one is refused with a message, never half-read.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::draft::Draft;

/// The fragment's key.
const KEY: &str = "sandbox=";
/// The format this app writes; a later one changes it and keeps reading this one.
const VERSION: &str = "1";
/// The longest link data accepted (characters after the version).
pub const MAX_LINK_CHARS: usize = 24_000;
/// The most JSON a link may unpack to: a bomb of repeated bytes stops here.
const MAX_JSON_BYTES: usize = 512 * 1024;
/// The most components a shared draft may hold.
pub const MAX_COMPONENTS: usize = 200;

/// The fragment (with its `#`) that restores `draft`.
pub fn to_fragment(draft: &Draft) -> Result<String, String> {
    let json = serde_json::to_vec(draft).map_err(|e| e.to_string())?;
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    let data = URL_SAFE_NO_PAD.encode(packed);
    if data.len() > MAX_LINK_CHARS {
        return Err(format!("this architecture is too large to share as a link ({} characters, at most {MAX_LINK_CHARS}); export it as a file instead", data.len()));
    }
    Ok(format!("#{KEY}{VERSION}.{data}"))
}

/// Whether a page's fragment carries a sandbox.
pub fn is_sandbox_fragment(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(KEY)
}

/// The draft a fragment carries, or why it cannot be used.
pub fn from_fragment(fragment: &str) -> Result<Draft, String> {
    let body = fragment.trim_start_matches('#').strip_prefix(KEY).ok_or("this link holds no sandbox")?;
    let (version, data) = body.split_once('.').ok_or("this sandbox link is damaged (it has no version)")?;
    if version != VERSION {
        return Err(format!("this sandbox link was made by another version of the app (format {version}); this one reads format {VERSION}"));
    }
    if data.len() > MAX_LINK_CHARS {
        return Err(format!("this sandbox link is too long ({} characters, at most {MAX_LINK_CHARS})", data.len()));
    }
    let packed = URL_SAFE_NO_PAD.decode(data).map_err(|_| "this sandbox link is damaged (some of it was cut or changed)".to_string())?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|_| "this sandbox link is damaged, or unpacks to more than an architecture can hold".to_string())?;
    let draft: Draft = serde_json::from_slice(&json).map_err(|_| "this sandbox link does not hold an architecture this app can read".to_string())?;
    if draft.scenario.components.len() > MAX_COMPONENTS {
        return Err(format!("this sandbox link holds {} components, more than the {MAX_COMPONENTS} a sandbox takes", draft.scenario.components.len()));
    }
    Ok(draft.with_places_for_all())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Point;

    fn draft() -> Draft {
        Draft::laid_out(lab_sim::examples::file("orders-fan-out.toml").unwrap())
    }

    #[test]
    fn a_link_restores_the_draft_exactly() {
        let mut draft = draft();
        if let Some(place) = draft.places.first_mut() {
            *place = Point { x: 12.5, y: -3.0 };
        }
        let link = to_fragment(&draft).unwrap();
        assert!(is_sandbox_fragment(&link));
        assert_eq!(from_fragment(&link).unwrap(), draft);
    }

    #[test]
    fn damaged_foreign_and_oversized_links_are_refused_with_a_reason() {
        let link = to_fragment(&draft()).unwrap();
        let cut = &link[..link.len() / 2];
        let cases = [
            (cut.to_string(), "damaged"),
            (link.replacen("=1.", "=9.", 1), "another version"),
            ("#sandbox=1".to_string(), "no version"),
            (format!("#sandbox=1.{}", "A".repeat(MAX_LINK_CHARS + 1)), "too long"),
            (format!("#sandbox=1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{\"x\":1}", 9))), "does not hold"),
            (format!("#sandbox=1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON_BYTES * 2], 9))), "more than"),
        ];
        for (fragment, why) in cases {
            let error = from_fragment(&fragment).unwrap_err();
            assert!(error.contains(why), "{fragment:.40}: {error}");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn no_fragment_makes_it_panic(fragment in "#?(sandbox=)?[0-9]?\\.?[A-Za-z0-9_-]{0,300}") {
            let _ = super::from_fragment(&fragment);
        }
    }
}
