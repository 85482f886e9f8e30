//! TODO(reasons): the reasons part of the catalogue.

/// TODO
pub trait ReasonWords {}
