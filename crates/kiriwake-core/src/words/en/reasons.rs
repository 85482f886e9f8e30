use super::English;

impl crate::words::ReasonWords for English {}
