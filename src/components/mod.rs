pub mod header;
pub mod load_error;
