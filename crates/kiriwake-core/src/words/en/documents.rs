use super::English;

impl crate::words::DocumentWords for English {}
