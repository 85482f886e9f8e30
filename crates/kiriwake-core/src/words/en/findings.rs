use std::borrow::Cow;

use super::English;
use crate::finding::{Check, Hint};
use crate::incident::Incident;
use crate::words::FindingWords;

impl FindingWords for English {
    fn trigger_line(&self, _incident: &Incident) -> Option<String> {
        // Intake writes its summary in English.
        None
    }

    fn evidence<'a>(
        &self,
        _check: Check,
        label: &'a str,
        value: &'a str,
    ) -> (&'a str, Cow<'a, str>) {
        // kiriwake's labels and values are written in English.
        (label, Cow::Borrowed(value))
    }

    fn finding_subject(&self, check: &str, resource: &str) -> String {
        format!("{check} ({resource})")
    }

    fn finding_normal(&self, subject: &str) -> String {
        format!("{subject}: normal")
    }

    fn finding_abnormal(&self, subject: &str, symptom: &str) -> String {
        format!("{subject}: {symptom}")
    }

    fn finding_unavailable(&self, subject: &str, reason: &str, detail: Option<&str>) -> String {
        let detail = detail.map(|text| format!(" ({text})")).unwrap_or_default();
        format!("{subject}: could not check — {reason}{detail}")
    }

    fn hint(&self, hint: &Hint) -> String {
        match hint {
            Hint::NoLogGroups => "no log groups: set KIRIWAKE_OS_LOG_GROUPS / KIRIWAKE_APP_LOG_GROUPS or tag the resource".into(),
            Hint::LogStreamPatternEmpty => "KIRIWAKE_LOG_STREAM_PATTERN names nothing this resource's description fills, so its own log streams cannot be told apart".into(),
            Hint::LogGroupsNotFound { groups } => {
                format!("log groups not found: {}", groups.join(", "))
            }
            Hint::NoLogStream { resource, prefix, groups } => format!(
                "no log stream of {resource} (streams named {prefix}…) in {}",
                groups.join(", ")
            ),
            Hint::NoDatapoints => "no metric datapoints in the window".into(),
            Hint::CompositeNamesNoAlarm => "the composite alarm's rule names no alarm".into(),
            Hint::NoChildAlarm { alarms } => {
                format!("none of the child alarms exists: {}", alarms.join(", "))
            }
            Hint::NoGroup { tag } => {
                format!("no `{tag}` tag and no Auto Scaling group to find other servers by")
            }
            Hint::HealthNeedsSubscription => "the AWS Health API needs Business, Enterprise On-Ramp or Enterprise support; relying on the AWS Health events EventBridge delivers".into(),
            Hint::NoVpn => "no VPN attached to the resource's VPC and none in KIRIWAKE_VPN_CONNECTIONS".into(),
            Hint::NoEndpoints => "no endpoints in KIRIWAKE_PROBE_ENDPOINTS".into(),
            Hint::NoResult => "the check returned no result".into(),
            Hint::InstanceNotFound => "instance not found".into(),
            Hint::NoAnswerWithin { ms } => format!("no answer within {ms} ms"),
            Hint::SdkTimedOut => "the SDK timed out".into(),
            Hint::NoCredentials { error } => format!("no usable AWS credentials: {error}"),
            Hint::Unreachable { error } => format!("could not reach the endpoint: {error}"),
            Hint::NotThisService { status } => {
                let http = status.map(|s| format!(" HTTP {s}")).unwrap_or_default();
                format!("the endpoint answered{http} with a response that is not this service's (an emulator without it, or a proxy error page)")
            }
            Hint::IgnoredLogGroups { cause, ignored } => format!(
                "{}; not read, as tags may choose only log groups under KIRIWAKE_LOG_GROUP_PREFIX: {ignored}",
                self.detail(cause)
            ),
            Hint::DbNotFound { cluster: true, id } => format!("DB cluster {id} not found"),
            Hint::DbNotFound { cluster: false, id } => format!("DB instance {id} not found"),
            Hint::StepDidNotReport => "the step did not report".into(),
            Hint::StepFailed { error } => format!("the step failed ({error})"),
        }
    }

    fn intake_note(&self, note: &str) -> String {
        format!("Intake note: {note}.")
    }

    fn live_finding_reason(&self, check: &str, symptom: &str, resource: Option<&str>) -> String {
        // "Scheduled events found: …": a label may be plural, and a symptom is not always
        // a clause ("1 error line in the logs").
        let mut chars = check.chars();
        let check: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        format!("{check} found: {symptom}{}.", on(resource))
    }

    fn trigger_finding_reason(&self, symptom: &str, resource: Option<&str>) -> String {
        format!("The trigger reports that {symptom}{}.", on(resource))
    }
}

/// " on i-1" after a reason's symptom, when it names a resource.
fn on(resource: Option<&str>) -> String {
    resource.map(|r| format!(" on {r}")).unwrap_or_default()
}
