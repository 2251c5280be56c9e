fn main() {
    console_error_panic_hook::set_once();
    lab_app::takeover::start();
}
