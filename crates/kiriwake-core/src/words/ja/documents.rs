use super::Japanese;

impl crate::words::DocumentWords for Japanese {}
