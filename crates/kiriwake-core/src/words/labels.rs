//! TODO(labels): the labels part of the catalogue.

/// TODO
pub trait Labels {}
