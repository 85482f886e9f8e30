use super::English;

impl crate::words::ActionWords for English {}
