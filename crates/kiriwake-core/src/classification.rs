//! The classification people receive: the method's [`Decision`] put into words, in the
//! configured language — the reasons, the headline, the next actions, the support case
//! draft. The decision itself knows no words; this module and the wording modules it calls
//! ([`crate::describe`], [`crate::actions`], [`crate::support`]) know no rules.

use serde::{Deserialize, Serialize};

use crate::actions::{NextAction, next_actions};
use crate::config::{Config, Lang};
use crate::decision::{Cause, Confidence, Scope, Unavailable, Verdict, decide};
use crate::describe;
use crate::evidence::trigger_findings;
use crate::finding::{Check, Finding};
use crate::incident::Incident;
use crate::responsibility::{Layer, Party};
use crate::support::{SupportCaseDraft, display_time, draft_support_case};

/// What the decision hands to the notifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// Where the fault is: AWS side, instance, application, outside AWS, watch,
    /// inconclusive or recovered.
    pub verdict: Verdict,
    /// The branch of the method taken (`host_failure`, `vpn_down`, …) and its data.
    #[serde(flatten)]
    pub cause: Cause,
    /// The layer at fault in the shared-responsibility table.
    pub layer: Layer,
    /// Who must act.
    pub responsible: Party,
    /// How wide: one resource, part of a group, a zone, the whole system, a region.
    pub scope: Scope,
    /// How sure: a live check confirms, the trigger alone, or thin evidence.
    pub confidence: Confidence,
    /// The language the words below are in.
    pub lang: Lang,
    /// When it started, in the configured time zone with UTC beside it.
    pub started_at_display: String,
    /// One line: where the fault is and on what.
    pub headline: String,
    /// Why, in plain words, in the configured language.
    pub reasons: Vec<String>,
    /// The trigger, as intake read it.
    pub incident: Incident,
    /// Every finding, the trigger's own first.
    pub findings: Vec<Finding>,
    /// The checks that could not run, and why.
    pub unavailable: Vec<Unavailable>,
    /// What to do next, most important first.
    pub next_actions: Vec<NextAction>,
    /// The AWS Support case to open, when AWS is at fault or is to be asked.
    pub support_case: Option<SupportCaseDraft>,
    /// How this classification was made, beside the method's reasons (each also worded
    /// at the end of `reasons`): kept as values so it can be worded again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// Something about how a classification was made that people should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum Note {
    /// The incident store could not record the trigger: this may repeat a notification.
    DedupeUnavailable {
        /// Step Functions' `Error: Cause` for the failed write.
        error: String,
    },
    /// A setting was bad and its default was used.
    IgnoredSetting {
        /// The setting's name (`KIRIWAKE_…`).
        name: String,
        /// The value given.
        value: String,
        /// What would have been accepted.
        expected: String,
    },
}

impl Classification {
    /// Adds a note, worded in this classification's language at the end of its reasons.
    pub fn add_note(&mut self, note: Note) {
        self.reasons.push(note_text(&note, self.lang));
        self.notes.push(note);
    }

    /// The same classification worded for `config` (its language, time zone and support
    /// plan): the decision is made again from the same incident and live findings, so the
    /// verdict cannot change, and the notes are worded anew. Itself when nothing differs.
    pub fn worded_for(&self, config: &Config) -> Classification {
        let live: Vec<Finding> = self
            .findings
            .iter()
            .filter(|f| f.check != Check::TriggerEvent)
            .cloned()
            .collect();
        let mut c = classify(self.incident.clone(), live, config);
        for note in &self.notes {
            c.add_note(note.clone());
        }
        c
    }
}

fn note_text(note: &Note, lang: Lang) -> String {
    match note {
        Note::DedupeUnavailable { error } => lang.words().dedupe_unavailable(error),
        Note::IgnoredSetting {
            name,
            value,
            expected,
        } => lang.words().ignored_setting(name, value, expected),
    }
}

/// Applies the method's decision order and words it. `checks` are the live findings of the
/// three steps (empty offline); the trigger's own evidence is added here.
pub fn classify(incident: Incident, checks: Vec<Finding>, config: &Config) -> Classification {
    let lang = config.lang;
    let mut findings = trigger_findings(&incident);
    findings.extend(checks);
    let d = decide(&incident, &findings);

    let mut reasons: Vec<String> = d
        .supporting
        .iter()
        .filter_map(|&i| findings.get(i))
        .filter_map(|f| f.symptom().map(|s| describe::finding_reason(f, s, lang)))
        .collect();
    reasons.extend(describe::decision_reasons(
        d.verdict, &d.cause, &findings, lang,
    ));
    if !d.unavailable.is_empty() {
        reasons.push(lang.words().checks_unavailable(d.unavailable.len()));
    }
    // The typed notes in this language; a note of a later version, or the notes of an
    // earlier one (words only), as intake worded them.
    let notes: Vec<String> = if incident.notes.is_empty() {
        incident.intake_notes.clone()
    } else {
        incident
            .notes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                lang.words()
                    .intake_fallback(n)
                    .or_else(|| incident.intake_notes.get(i).cloned())
            })
            .collect()
    };
    reasons.extend(notes.iter().map(|note| lang.words().intake_note(note)));
    let headline = describe::headline(d.verdict, &d.cause, &incident, lang);
    let support_case = d
        .support_case_due()
        .then(|| draft_support_case(&incident, &findings, d.verdict, &d.cause, d.scope, config));
    let causes = [vec![d.cause.clone()], d.also.clone()].concat();
    let next_actions = next_actions(
        d.verdict, &causes, &incident, &findings, d.scope, d.offline, d.asks_aws, config,
    );

    Classification {
        verdict: d.verdict,
        cause: d.cause,
        layer: d.layer,
        responsible: d.responsible,
        scope: d.scope,
        confidence: d.confidence,
        lang,
        started_at_display: display_time(incident.started_at, config),
        headline,
        reasons,
        incident,
        findings,
        unavailable: d.unavailable,
        next_actions,
        support_case,
        notes: Vec::new(),
    }
}
