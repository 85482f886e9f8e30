use super::English;

impl crate::words::Labels for English {}
