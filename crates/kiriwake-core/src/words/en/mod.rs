//! The English catalogue.

mod actions;
mod documents;
mod findings;
mod labels;
mod reasons;

/// English.
#[derive(Debug, Clone, Copy)]
pub struct English;
