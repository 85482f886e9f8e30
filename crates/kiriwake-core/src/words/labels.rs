//! Labels: the names of kiriwake's typed values (verdicts, parties, layers, checks,
//! support plans…) and the one sentence each [`Symptom`] is read as.
//!
//! Each method takes the typed value and each catalogue words it with an exhaustive
//! `match`, so a new variant is a compile error in every language until it is worded.
//! What both languages share — how a number is written, when a time is, how many recent
//! changes a sentence names — is here, once.

use chrono::{DateTime, Utc};

use crate::config::SupportPlan;
use crate::decision::{Confidence, Scope, Verdict};
use crate::finding::{
    Change, Check, DbStatus, RdsMeaning, ResourceClass, Signal, Step, Symptom, UnavailableReason,
};
use crate::incident::{HealthCategory, HealthStatus};
use crate::responsibility::{Layer, Party};

/// The names of typed values, and one sentence per symptom.
pub trait Labels {
    /// The verdict's name (`AWS side`): the notification's headline word.
    fn verdict(&self, v: Verdict) -> &'static str;
    /// Who must act, with what that means (`AWS (contact AWS Support)`).
    fn party(&self, p: Party) -> &'static str;
    /// The layer of the stack a fault sits in (`middleware`).
    fn layer(&self, l: Layer) -> &'static str;
    /// How wide the fault is (`one Availability Zone`).
    fn scope(&self, s: Scope) -> &'static str;
    /// How sure the verdict is (`high`).
    fn confidence(&self, c: Confidence) -> &'static str;
    /// The title of one of the method's three steps, with what it looks at.
    fn step_title(&self, s: Step) -> &'static str;
    /// What a check looks at (`instance status check`).
    fn check(&self, c: Check) -> &'static str;
    /// Why a check could not run (`access denied`).
    fn unavailable(&self, r: UnavailableReason) -> &'static str;
    /// The resource a metric measures (`memory`).
    fn resource_class(&self, c: ResourceClass) -> &'static str;
    /// An RDS DB instance status with what it means; one this crate does not know, as
    /// RDS writes it.
    fn db_status<'a>(&self, s: &'a DbStatus) -> &'a str;
    /// What the RDS documentation says an event means (`maintenance`).
    fn rds_meaning(&self, m: RdsMeaning) -> &'static str;
    /// One sentence for a symptom: what was observed, with its figures and names.
    fn symptom(&self, s: &Symptom) -> String;
    /// What a signal kiriwake has no rule for was (`alarm cpu-high on AWS/EC2 CPUUtilization`).
    fn signal(&self, s: &Signal) -> String;
    /// An AWS Health event category (`scheduled change`); one this crate does not know,
    /// as AWS sent it.
    fn health_category<'a>(&self, c: &'a HealthCategory) -> &'a str;
    /// An AWS Health event status (`open`); one this crate does not know, as AWS sent it.
    fn health_status<'a>(&self, s: &'a HealthStatus) -> &'a str;
    /// An AWS Support plan's name (`Enterprise On-Ramp`).
    fn plan_name(&self, p: SupportPlan) -> &'static str;
    /// The time zone readers of this language expect by default: its offset from UTC in
    /// seconds, and the name shown beside local times (`JST`).
    fn default_zone(&self) -> (i32, &'static str);
}

/// A figure as people read it: whole numbers without decimals, others with two.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// A time to the minute, in UTC (`2024-05-01 03:00 UTC`).
pub(crate) fn utc_minute(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// How many recent changes a sentence names; the rest it only counts.
pub(crate) const CHANGES_NAMED: usize = 5;

/// The recent changes a sentence names (the first [`CHANGES_NAMED`], newest first), and
/// how many more it only counts.
pub(crate) fn named_changes(changes: &[Change]) -> (&[Change], usize) {
    let named = changes.len().min(CHANGES_NAMED);
    (&changes[..named], changes.len() - named)
}
