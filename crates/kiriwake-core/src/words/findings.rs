//! The findings part of the catalogue: the trigger as one line, a finding as a line and as
//! a reason, its evidence, and why a check could not run.
//!
//! The module that asks decides which sentence applies (whether a finding names its
//! resource, whether it is a live check's or the trigger's own); these methods word the
//! typed finding, with the check's label, the symptom and why it could not run from
//! [`Labels`], which every language words too.

use std::borrow::Cow;

use super::Labels;
use crate::finding::{Check, Detail, Evidence, Fact, Hint, Outcome, Symptom};
use crate::incident::Incident;

/// How a language words findings.
pub trait FindingWords: Labels {
    /// The trigger as one line, from its facts (names, identifiers, states and AWS's own
    /// words as they are), before it is redacted and bounded. Intake's summary is this line
    /// in the default language.
    fn trigger_line(&self, incident: &Incident) -> String;

    /// An evidence line's label and value, read by `check`: kiriwake's own labels and
    /// fixed values ([`crate::finding::label`]) and its facts ([`Fact`]) in words, API
    /// field names and AWS's text as they are. The same for every language: not meant to
    /// be overridden.
    fn evidence<'a>(&self, check: Check, e: &'a Evidence) -> (&'a str, Cow<'a, str>) {
        let value = match e.fact.as_ref().and_then(|f| self.fact(f)) {
            Some(text) => Cow::Owned(text),
            None => self
                .fixed_value(&e.value)
                .map_or(Cow::Borrowed(e.value.as_str()), Cow::Borrowed),
        };
        (self.evidence_label(check, &e.label), value)
    }

    /// An evidence label read by `check`: kiriwake's own ([`crate::finding::label`]) in
    /// words, API field names as they are.
    fn evidence_label<'a>(&self, check: Check, label: &'a str) -> &'a str;

    /// One of kiriwake's fixed evidence values ([`crate::finding::label`]: absent, unknown,
    /// none scheduled, no datapoints) in words; `None` for any other value, shown as read.
    fn fixed_value(&self, value: &str) -> Option<&'static str>;

    /// A value kiriwake composed from what a check read; `None` for a fact of a later
    /// version, which the evidence's value words.
    fn fact(&self, fact: &Fact) -> Option<String>;

    /// A finding as one line: the check, the resource it names (`None` for the trigger's
    /// own finding, whose resources the trigger line names), and what it found.
    fn finding_line(&self, check: Check, resource: Option<&str>, outcome: &Outcome) -> String;

    /// Why a check could not run, in kiriwake's words (a [`Hint`] nests a [`Detail`] only
    /// in [`Hint::IgnoredLogGroups`], which words it with [`FindingWords::detail`]).
    fn hint(&self, hint: &Hint) -> String;

    /// What a check that could not run has to add: a [`Hint`] in this language, or the
    /// API's text as it came. The same for every language: not meant to be overridden.
    fn detail(&self, detail: &Detail) -> String {
        match detail {
            Detail::Text(text) => text.clone(),
            Detail::Known(hint) => self.hint(hint),
        }
    }

    /// A live check's finding as a reason: the check found the symptom, on the resource
    /// when it names one.
    fn live_finding_reason(
        &self,
        check: Check,
        symptom: &Symptom,
        resource: Option<&str>,
    ) -> String;

    /// The trigger's own finding as a reason: the trigger reports the symptom, on the
    /// resource when it names one.
    fn trigger_finding_reason(&self, symptom: &Symptom, resource: Option<&str>) -> String;
}
