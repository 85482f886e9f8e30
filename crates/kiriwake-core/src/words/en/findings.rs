use super::English;

impl crate::words::FindingWords for English {}
