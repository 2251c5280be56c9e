fn main() {
    console_error_panic_hook::set_once();
    lab_i18n::install_from_page();
    lab_app::takeover::start();
}
