//! A sandbox in a link: the whole draft (scenario and places) as JSON, deflated, in URL-safe
//! base64, after a version: `#sandbox=1.<data>`. A link is capped in length and in what it
//! unpacks to, and a damaged or foreign one is refused with a message, never half-read.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lab_i18n::sandbox as msg;

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
        return Err(too_long(msg::TOO_LARGE_TO_SHARE, data.len()));
    }
    Ok(format!("#{KEY}{VERSION}.{data}"))
}

/// Why `length` characters of link data are refused, with the most a link may hold.
fn too_long(why: lab_i18n::Msg, length: usize) -> String {
    why.with(&[("length", &lab_i18n::integer(length as u64)), ("most", &lab_i18n::integer(MAX_LINK_CHARS as u64))])
}

/// Whether a page's fragment carries a sandbox.
pub fn is_sandbox_fragment(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(KEY)
}

/// The draft a fragment carries, or why it cannot be used.
pub fn from_fragment(fragment: &str) -> Result<Draft, String> {
    let body = fragment.trim_start_matches('#').strip_prefix(KEY).ok_or_else(|| msg::LINK_HOLDS_NO_SANDBOX.text())?;
    let (version, data) = body.split_once('.').ok_or_else(|| msg::LINK_NO_VERSION.text())?;
    if version != VERSION {
        return Err(msg::LINK_OTHER_VERSION.with(&[("theirs", &version), ("ours", &VERSION)]));
    }
    if data.len() > MAX_LINK_CHARS {
        return Err(too_long(msg::LINK_TOO_LONG, data.len()));
    }
    let packed = URL_SAFE_NO_PAD.decode(data).map_err(|_| msg::LINK_DAMAGED.text())?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|_| msg::LINK_OVERFLOWS.text())?;
    let draft: Draft = serde_json::from_slice(&json).map_err(|_| msg::LINK_UNREADABLE.text())?;
    if draft.scenario.components.len() > MAX_COMPONENTS {
        return Err(msg::LINK_TOO_MANY_COMPONENTS.with(&[("count", &draft.scenario.components.len()), ("most", &MAX_COMPONENTS)]));
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
mod vietnamese {
    #[test]
    fn a_refused_link_says_why_in_the_learners_language() {
        crate::views::tests::install_vietnamese();
        let error = super::from_fragment(&format!("#sandbox=1.{}", "A".repeat(super::MAX_LINK_CHARS + 1))).unwrap_err();
        assert_eq!(error, "liên kết sa bàn này quá dài (24.001 ký tự, tối đa 24.000)");
        lab_i18n::reset();
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
