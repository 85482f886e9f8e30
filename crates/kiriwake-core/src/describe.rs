//! Which words a finding and a decision need: the sentences for the reasons (chosen from
//! the verdict, the cause and the findings), the headline's target, a finding's line, the
//! trigger's line bounded as intake bounds its summary. The sentences themselves are the
//! catalogue's (`crate::words`), one per language.

use crate::config::Lang;
use crate::decision::{Cause, Verdict};
use crate::finding::{Check, Finding, Outcome, Symptom};
use crate::incident::{Incident, Trigger};

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

/// The trigger as one line for people in `lang` (names, identifiers, states and AWS's own
/// words as they are), redacted and bounded as intake's summary, which is this line in
/// the default language.
pub fn trigger_line(i: &Incident, lang: Lang) -> String {
    bounded(&lang.words().trigger_line(i))
}

/// A trigger line redacted and bounded.
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
    let (label, value) = lang.words().evidence(f.check, e);
    // The trigger's own event reads as the trigger line in this language.
    if f.check == Check::TriggerEvent && e.label == crate::finding::label::EVENT {
        return (label, std::borrow::Cow::Owned(trigger_line(i, lang)));
    }
    (label, value)
}

/// A finding as a short line: check, outcome, why. The trigger's own finding names no
/// resource (the trigger line does).
pub fn finding_line(f: &Finding, lang: Lang) -> String {
    let resource = f
        .resource
        .as_deref()
        .filter(|_| f.check != Check::TriggerEvent);
    lang.words().finding_line(f.check, resource, &f.outcome)
}

/// A supporting finding as a reason sentence.
pub fn finding_reason(f: &Finding, s: &Symptom, lang: Lang) -> String {
    let resource = f.resource.as_deref();
    if f.is_live() {
        lang.words().live_finding_reason(f.check, s, resource)
    } else {
        lang.words().trigger_finding_reason(s, resource)
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
            Cause::InstanceTerminatedWithoutCause => Reason::InstanceTerminatedWithoutCause,
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

/// The headline: verdict and resource.
pub fn headline(verdict: Verdict, cause: &Cause, incident: &Incident, lang: Lang) -> String {
    let what = target_words(incident, lang);
    let detail = lang.words().cause(cause);
    lang.words()
        .headline(lang.words().verdict(verdict), &detail, &what)
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
