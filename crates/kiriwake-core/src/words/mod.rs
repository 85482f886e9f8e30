//! The message catalogue: every sentence a person reads, one catalogue per language.
//!
//! The rest of the crate decides *what* to say with typed values (a [`Verdict`], a
//! [`Cause`], a [`Symptom`], a [`Hint`]…) and asks `lang.words()` *how* to say it. The
//! catalogue is split by what it words — [`Labels`], [`FindingWords`], [`ReasonWords`],
//! [`ActionWords`], [`DocumentWords`] — and [`Words`] is all of them. [`English`] and
//! [`Japanese`] each implement every part in their own directory (`words/en/`,
//! `words/ja/`), so one language reads top to bottom in one place.
//!
//! Adding a language touches this module only: a [`Lang`] variant, its names in
//! [`Lang::parse`], and a new implementation of the parts; the compiler lists every
//! message it still lacks, since each is a method and each typed value an exhaustive
//! `match`.
//!
//! [`Verdict`]: crate::Verdict
//! [`Cause`]: crate::Cause
//! [`Symptom`]: crate::Symptom
//! [`Hint`]: crate::Hint

use serde::{Deserialize, Serialize};

use crate::config::ConfigError;

mod actions;
mod documents;
mod en;
mod findings;
mod ja;
mod labels;
mod reasons;

pub use actions::ActionWords;
pub use documents::DocumentWords;
pub use en::English;
pub use findings::FindingWords;
pub use ja::Japanese;
pub use labels::Labels;
pub use reasons::ReasonWords;

pub use crate::describe::{detail_text, store_unavailable, trigger_line};
/// Notification language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// Reads `en` or `ja` (also `english`, `jp`, `japanese`), in any case.
    pub fn parse(raw: &str) -> Result<Lang, ConfigError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "ja" | "jp" | "japanese" => Ok(Lang::Ja),
            other => Err(ConfigError::Invalid {
                name: "language",
                found: other.to_owned(),
                expected: "en or ja",
            }),
        }
    }

    /// Picks the English or the Japanese text.
    pub fn pick<T>(self, en: T, ja: T) -> T {
        match self {
            Lang::En => en,
            Lang::Ja => ja,
        }
    }
}

/// Everything a language must say.
pub trait Words: Labels + FindingWords + ReasonWords + ActionWords + DocumentWords + Sync {}

impl<T> Words for T where T: Labels + FindingWords + ReasonWords + ActionWords + DocumentWords + Sync
{}

impl Lang {
    /// This language's catalogue.
    pub fn words(self) -> &'static dyn Words {
        match self {
            Lang::En => &English,
            Lang::Ja => &Japanese,
        }
    }
}
