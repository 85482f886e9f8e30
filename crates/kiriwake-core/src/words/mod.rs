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
//! [`Lang::ALL`] and [`Lang::EXPECTED`], and a new implementation of the parts; the
//! compiler lists every message it still lacks, since each is a method and each typed
//! value an exhaustive `match`. (The template's `Language` values follow; a test holds
//! them to [`Lang::ALL`].)
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

pub use actions::{Action, ActionWords};
pub use documents::{
    CaseReference, CaseRequest, CaseText, DocumentWords, Heading, IncidentChange, Recovery,
    ResponseTime,
};
pub use en::English;
pub use findings::FindingWords;
pub use ja::Japanese;
pub use labels::Labels;
pub use reasons::{Reason, ReasonWords, Target};

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
    /// Every language, with the names [`Lang::parse`] reads (the first is its code, as the
    /// template's `Language` parameter and `KIRIWAKE_LANG` write it).
    pub const ALL: [(Lang, &'static [&'static str]); 2] = [
        (Lang::En, &["en", "english"]),
        (Lang::Ja, &["ja", "jp", "japanese"]),
    ];

    /// The language of e-mail subjects: SNS takes ASCII subjects only, so they are English
    /// whatever the notification's language (whose own title leads the body).
    pub const SUBJECT: Lang = Lang::En;

    /// The codes, for an error message: "en or ja".
    pub const EXPECTED: &'static str = "en or ja";

    /// Reads a language's code or name ([`Lang::ALL`]), in any case.
    pub fn parse(raw: &str) -> Result<Lang, ConfigError> {
        let wanted = raw.trim().to_ascii_lowercase();
        Lang::ALL
            .iter()
            .find(|(_, names)| names.contains(&wanted.as_str()))
            .map(|(lang, _)| *lang)
            .ok_or(ConfigError::Invalid {
                name: "language",
                found: wanted,
                expected: Lang::EXPECTED,
            })
    }

    /// The language's code (`en`, `ja`).
    pub fn code(self) -> &'static str {
        Lang::ALL
            .iter()
            .find(|(lang, _)| *lang == self)
            .map(|(_, names)| names[0])
            .unwrap_or("en")
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

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn every_language_reads_by_its_names_and_is_listed_in_the_expected_text() {
        for (lang, names) in Lang::ALL {
            for name in names {
                assert_eq!(Lang::parse(&name.to_uppercase()), Ok(lang), "{name}");
            }
            assert_eq!(lang.code(), names[0]);
            assert!(Lang::EXPECTED.contains(lang.code()), "{}", Lang::EXPECTED);
            // Serde writes the same code.
            assert_eq!(
                serde_json::to_value(lang).unwrap(),
                serde_json::json!(lang.code())
            );
        }
    }
}
