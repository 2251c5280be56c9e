pub mod course_map;
pub mod home;
pub mod lesson;
pub mod lesson_text;
pub mod not_found;
pub mod player_slot;
pub mod quiz_place;
