use super::Japanese;

impl crate::words::Labels for Japanese {}
