//! TODO(documents): the documents part of the catalogue.

/// TODO
pub trait DocumentWords {}
