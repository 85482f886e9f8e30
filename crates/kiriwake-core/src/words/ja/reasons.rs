use super::Japanese;

impl crate::words::ReasonWords for Japanese {}
