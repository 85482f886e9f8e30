//! TODO(actions): the actions part of the catalogue.

/// TODO
pub trait ActionWords {}
