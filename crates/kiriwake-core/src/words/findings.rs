//! The findings part of the catalogue: the trigger as one line, a finding as a line and as
//! a reason, its evidence, and why a check could not run.
//!
//! The module that asks decides which sentence applies (whether a finding names its
//! resource, whether it is a live check's or the trigger's own, whether a check has
//! anything to add) and words the parts other parts of the catalogue own (the check's
//! label, the symptom, why it could not run); these methods put them into sentences.

use std::borrow::Cow;

use crate::finding::{Check, Detail, Hint};
use crate::incident::Incident;

/// How a language words findings.
pub trait FindingWords {
    /// The trigger as one line, rebuilt from its facts in this language (names,
    /// identifiers, states and AWS's own words as they are), before it is redacted and
    /// bounded as intake's summary is; `None` when intake's own summary, which intake
    /// writes in English, already reads in this language.
    fn trigger_line(&self, incident: &Incident) -> Option<String>;

    /// An evidence line's label and value, read by `check`: kiriwake's own labels and
    /// fixed values ([`crate::finding::label`]) in words, API field names and AWS's text
    /// as they are.
    fn evidence<'a>(&self, check: Check, label: &'a str, value: &'a str)
    -> (&'a str, Cow<'a, str>);

    /// A finding's subject when it names the resource checked: the check (worded) and the
    /// resource.
    fn finding_subject(&self, check: &str, resource: &str) -> String;

    /// A finding whose check found nothing wrong, after its subject.
    fn finding_normal(&self, subject: &str) -> String;

    /// A finding whose check found a symptom (worded), after its subject.
    fn finding_abnormal(&self, subject: &str, symptom: &str) -> String;

    /// A finding whose check could not run, after its subject: why (worded), and what it
    /// has to add (worded), when it has anything.
    fn finding_unavailable(&self, subject: &str, reason: &str, detail: Option<&str>) -> String;

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

    /// A note intake made about the trigger (a field it could not read, a time it did not
    /// believe), as a reason.
    fn intake_note(&self, note: &str) -> String;

    /// A live check's finding as a reason: the check (worded) found the symptom (worded),
    /// on the resource when it names one.
    fn live_finding_reason(&self, check: &str, symptom: &str, resource: Option<&str>) -> String;

    /// The trigger's own finding as a reason: the trigger reports the symptom (worded), on
    /// the resource when it names one.
    fn trigger_finding_reason(&self, symptom: &str, resource: Option<&str>) -> String;
}
