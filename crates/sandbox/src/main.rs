//! The sandbox module's entry: the exports live in the library ([`lab_sandbox::exports`]);
//! this binary only makes Trunk build them as a wasm module of their own.

pub use lab_sandbox::exports::*;

fn main() {
    console_error_panic_hook::set_once();
    lab_i18n::install_from_page();
}
