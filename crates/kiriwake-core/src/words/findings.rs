//! TODO(findings): the findings part of the catalogue.

/// TODO
pub trait FindingWords {}
