//! The Japanese catalogue (日本語).

mod actions;
mod documents;
mod findings;
mod labels;
mod reasons;

/// Japanese (日本語).
#[derive(Debug, Clone, Copy)]
pub struct Japanese;
