use super::Japanese;

impl crate::words::ActionWords for Japanese {}
