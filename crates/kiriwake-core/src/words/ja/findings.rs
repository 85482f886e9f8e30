use super::Japanese;

impl crate::words::FindingWords for Japanese {}
