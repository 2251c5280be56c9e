//! What a page shows where a later module could not be loaded: why, in words, and a button
//! that tries again (see `views/player_slot.rs`, `views/quiz_place.rs`).

use lab_i18n::shell as msg;
use leptos::prelude::*;

#[component]
pub fn LoadError(
    /// The whole message, ending with what still works.
    message: String,
    class: &'static str,
    testid: &'static str,
    retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class=class role="alert" data-testid=testid>
            <p>{message}</p>
            <button type="button" on:click=move |_| retry.run(())>{msg::TRY_AGAIN.text()}</button>
        </div>
    }
}
