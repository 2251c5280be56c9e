pub mod course_map;
pub mod home;
pub mod lesson;
pub mod not_found;
