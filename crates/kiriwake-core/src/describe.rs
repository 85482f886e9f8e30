//! Plain words for findings and decisions, in English and Japanese.
//!
//! Every sentence a person reads comes from here or from `actions`, so both languages
//! stay complete and side by side.

use crate::config::Lang;
use crate::decision::{Cause, Confidence, Scope, Verdict};
use crate::finding::{
    Check, DbStatus, Detail, Finding, Hint, Outcome, ResourceClass, Step, Symptom,
    UnavailableReason,
};
use crate::incident::{Incident, Trigger};
use crate::responsibility::{Layer, Party};

pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    lang.words().verdict(v)
}

/// ASCII verdict words for SNS subjects, which must be ASCII.
pub fn verdict_ascii(v: Verdict) -> &'static str {
    match v {
        Verdict::AwsSide => "AWS side",
        Verdict::Instance => "Instance (OS/resources)",
        Verdict::Application => "Application",
        Verdict::OutsideAws => "Outside AWS",
        Verdict::Watch => "Watch (no fault now)",
        Verdict::Inconclusive => "Inconclusive",
        Verdict::Recovered => "Recovered",
    }
}

pub fn party_label(p: Party, lang: Lang) -> &'static str {
    lang.words().party(p)
}

pub fn layer_label(l: Layer, lang: Lang) -> &'static str {
    lang.words().layer(l)
}

pub fn scope_label(s: Scope, lang: Lang) -> &'static str {
    lang.words().scope(s)
}

pub fn confidence_label(c: Confidence, lang: Lang) -> &'static str {
    lang.words().confidence(c)
}

pub fn step_title(s: Step, lang: Lang) -> &'static str {
    lang.words().step_title(s)
}

pub fn check_label(c: Check, lang: Lang) -> &'static str {
    lang.words().check(c)
}

pub fn unavailable_label(r: UnavailableReason, lang: Lang) -> &'static str {
    lang.words().unavailable(r)
}

fn class_label(c: ResourceClass, lang: Lang) -> &'static str {
    lang.words().resource_class(c)
}

pub fn db_status_text(s: &DbStatus, lang: Lang) -> String {
    lang.words().db_status(s).to_owned()
}

/// One sentence for a symptom.
pub fn symptom_text(s: &Symptom, lang: Lang) -> String {
    lang.words().symptom(s)
}

fn health_category_ja(c: &crate::incident::HealthCategory) -> &str {
    crate::words::Labels::health_category(&crate::words::Japanese, c)
}

fn health_status_ja(s: &crate::incident::HealthStatus) -> &str {
    crate::words::Labels::health_status(&crate::words::Japanese, s)
}

/// The trigger as one line for people: intake's own summary, or, in a language that words
/// the trigger anew (Japanese), the same facts in that language (names, identifiers, states
/// and AWS's own words as they are), redacted and bounded as intake's summary is.
pub fn trigger_line(i: &Incident, lang: Lang) -> String {
    match lang.words().trigger_line(i) {
        Some(line) => bounded(&line),
        None => i.summary.clone(),
    }
}

/// A trigger line redacted and bounded, as intake redacts and bounds its summary.
fn bounded(line: &str) -> String {
    crate::render::truncate_chars(
        &crate::redact::redact(line),
        crate::intake::MAX_SUMMARY_CHARS,
    )
}

/// An evidence line's label and value in `lang`: the trigger's own summary as
/// [`trigger_line`], kiriwake's labels in words; API field names and AWS's text as they are.
pub fn evidence_words<'a>(
    f: &Finding,
    e: &'a crate::finding::Evidence,
    i: &Incident,
    lang: Lang,
) -> (&'a str, std::borrow::Cow<'a, str>) {
    let (label, value) = lang.words().evidence(f.check, &e.label, &e.value);
    // The trigger's own event is intake's summary: in a language that words the trigger
    // anew, it reads as that language's trigger line.
    if f.check == Check::TriggerEvent
        && e.label == "event"
        && let Some(line) = lang.words().trigger_line(i)
    {
        return (label, std::borrow::Cow::Owned(bounded(&line)));
    }
    (label, value)
}

/// A finding as a short line: check, outcome, why.
pub fn finding_line(f: &Finding, lang: Lang) -> String {
    let words = lang.words();
    let check = check_label(f.check, lang);
    let subject = match &f.resource {
        Some(r) if f.check != Check::TriggerEvent => words.finding_subject(check, r),
        _ => check.to_owned(),
    };
    match &f.outcome {
        Outcome::Normal => words.finding_normal(&subject),
        Outcome::Abnormal { symptom } => {
            words.finding_abnormal(&subject, &symptom_text(symptom, lang))
        }
        Outcome::Unavailable { reason, detail } => {
            let detail = (!detail.is_empty()).then(|| detail_text(detail, lang));
            words.finding_unavailable(
                &subject,
                unavailable_label(*reason, lang),
                detail.as_deref(),
            )
        }
    }
}

/// What a check that could not run has to add: a hint in this language, or the API's text.
pub fn detail_text(detail: &Detail, lang: Lang) -> String {
    lang.words().detail(detail)
}

/// A note intake made about the trigger (a field it could not read, a time it did not
/// believe), as a reason.
pub fn intake_note(note: &str, lang: Lang) -> String {
    lang.words().intake_note(note)
}

/// A supporting finding as a reason sentence.
pub fn finding_reason(f: &Finding, s: &Symptom, lang: Lang) -> String {
    let text = symptom_text(s, lang);
    let resource = f.resource.as_deref();
    if f.is_live() {
        lang.words()
            .live_finding_reason(check_label(f.check, lang), &text, resource)
    } else {
        lang.words().trigger_finding_reason(&text, resource)
    }
}

/// Why this branch of the flowchart, in the method's terms.
pub fn decision_reasons(
    verdict: Verdict,
    cause: &Cause,
    findings: &[Finding],
    lang: Lang,
) -> Vec<String> {
    use crate::words::Reason;

    let mut out = Vec::new();
    let live_normal = |c: Check| {
        findings
            .iter()
            .any(|f| f.check == c && f.outcome == Outcome::Normal)
    };
    match verdict {
        Verdict::AwsSide => {
            // Why AWS's evidence outranks the user side's, in the terms of the cause found.
            out.push(match cause {
                Cause::AwsServiceIssue { .. } | Cause::AwsInvestigation { .. } => {
                    Reason::AwsServiceFirst
                }
                Cause::DbFailover | Cause::RdsAwsFault { .. } => Reason::RdsManagedFirst,
                Cause::DegradedHardware { .. } => Reason::DegradedHardwareFirst,
                Cause::EbsStorageFailure | Cause::EbsVolumeLost | Cause::InstanceStoreDegraded => {
                    Reason::StorageFirst
                }
                _ => Reason::SystemStatusFirst,
            });
            if let Cause::DbFailover = cause {
                out.push(Reason::FailoverAlone);
            }
        }
        Verdict::Instance | Verdict::Application
            if matches!(cause, Cause::ChangeMade | Cause::RecentDeployment) =>
        {
            out.push(Reason::ChangeShortlyBefore);
        }
        Verdict::Instance => {
            if live_normal(Check::SystemStatus) {
                out.push(Reason::SystemStatusNormal);
            }
        }
        Verdict::Application => {
            if live_normal(Check::InstanceStatus) || live_normal(Check::DbInstanceStatus) {
                out.push(Reason::InstanceStatusNormal);
            }
        }
        Verdict::OutsideAws => out.push(Reason::OutsideAws),
        Verdict::Watch => out.push(Reason::Watch),
        Verdict::Recovered => out.push(Reason::Recovered),
        Verdict::Inconclusive => out.push(match cause {
            Cause::InstanceStoppedWithoutCause => Reason::InstanceStoppedWithoutCause,
            Cause::StatusCheckUndetermined => Reason::StatusCheckUndetermined,
            Cause::MetricStoppedReporting => Reason::MetricStoppedReporting,
            Cause::LoadDropped => Reason::LoadDropped,
            Cause::MixedSignals => Reason::MixedSignals,
            Cause::SymptomWithoutCause => Reason::SymptomWithoutCause,
            Cause::NotAFault => Reason::NotAFault,
            Cause::Unclassified => Reason::Unclassified,
            _ if findings
                .iter()
                .any(|f| f.is_live() && !matches!(f.outcome, Outcome::Unavailable { .. })) =>
            {
                Reason::NoCheckFoundFault
            }
            _ => Reason::NoEvidenceYet,
        }),
    }
    let words = lang.words();
    out.into_iter()
        .map(|r| words.reason(r).to_owned())
        .collect()
}

/// A configuration value that was bad and replaced by its default.
pub fn ignored_setting(name: &str, value: &str, expected: &str, lang: Lang) -> String {
    lang.words().ignored_setting(name, value, expected)
}

/// The incident store could not tell whether this trigger was already isolated.
pub fn dedupe_unavailable(error: &str, lang: Lang) -> String {
    lang.words().dedupe_unavailable(error)
}

/// The incident store could not place the trigger in an incident: the notification stands
/// alone.
pub fn store_unavailable(error: &str, lang: Lang) -> String {
    lang.words().store_unavailable(error)
}

pub fn unavailable_reason(n: usize, lang: Lang) -> String {
    lang.words().checks_unavailable(n)
}

/// The headline: verdict and resource.
pub fn headline(verdict: Verdict, cause: &Cause, incident: &Incident, lang: Lang) -> String {
    let what = target_words(incident, lang);
    let detail = cause_words(cause, lang);
    lang.words()
        .headline(verdict_label(verdict, lang), &detail, &what)
}

/// The resource(s) or, failing that, what fired.
pub fn target_words(incident: &Incident, lang: Lang) -> String {
    use crate::words::Target;

    let ids = incident.resource_ids();
    let region = incident.region.as_deref().unwrap_or("?");
    let target = match ids.as_slice() {
        [] => match &incident.trigger {
            Trigger::Alarm(a) => Target::Alarm {
                name: &a.alarm_name,
                region,
            },
            Trigger::Health(h) => Target::Service {
                service: &h.service,
                region,
            },
            _ => Target::Region(region),
        },
        [one] if incident.resources_omitted == 0 => Target::One { id: one, region },
        [first, rest @ ..] => Target::Several {
            first,
            more: rest.len() + incident.resources_omitted,
            region,
        },
    };
    lang.words().target(target)
}

pub fn cause_words(cause: &Cause, lang: Lang) -> String {
    let class = match cause {
        Cause::ResourceExhausted { resource_class } => class_label(*resource_class, lang),
        _ => "",
    };
    lang.words().cause(cause, class)
}
