use super::English;
use crate::finding::label;
use crate::finding::{Check, Fact, Hint, NotLookedUp, Outcome, Symptom};
use crate::incident::{Incident, Trigger};
use crate::words::{FindingWords, Labels};

impl FindingWords for English {
    fn trigger_line(&self, i: &Incident) -> String {
        let ids: Vec<&str> = i.resources.iter().map(|r| r.id.as_str()).collect();
        match &i.trigger {
            Trigger::Alarm(a) => {
                let what = a.alarm.watched("rule");
                format!(
                    "CloudWatch alarm \"{}\" is {}{}{}",
                    a.alarm_name,
                    a.state.word(),
                    if what.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", what.join(", "))
                    },
                    if ids.is_empty() {
                        String::new()
                    } else {
                        format!(" on {}", ids.join(", "))
                    }
                )
            }
            Trigger::Health(h) => format!(
                "AWS Health {} {} ({}) for {} in {}{}",
                self.health_category(&h.category),
                h.event_type_code,
                self.health_status(&h.status),
                h.service,
                h.event_region.as_deref().unwrap_or("an unknown region"),
                match ids.len() + i.resources_omitted {
                    0 => String::new(),
                    1 => ", 1 affected resource".to_owned(),
                    n => format!(", {n} affected resources"),
                }
            ),
            Trigger::Ec2State(e) => format!("EC2 instance {} is now {}", e.instance_id, e.state),
            Trigger::RdsEvent(r) => format!(
                "RDS {}{} on {}: {}",
                if r.categories.is_empty() {
                    "event".to_owned()
                } else {
                    format!("{} event", r.categories.join("/"))
                },
                r.event_id
                    .as_deref()
                    .map(|id| format!(" {id}"))
                    .unwrap_or_default(),
                ids.first().copied().unwrap_or_default(),
                r.message
            ),
            Trigger::Manual(m) => format!(
                "Manual isolation request for {}{}",
                ids.join(", "),
                m.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
        }
    }

    // kiriwake's labels and fixed values are written in English.
    fn evidence_label<'a>(&self, _check: Check, label: &'a str) -> &'a str {
        label
    }

    fn fixed_value(&self, _value: &str) -> Option<&'static str> {
        None
    }

    fn fact(&self, fact: &Fact) -> Option<String> {
        Some(match fact {
            Fact::OfTotal { total, impaired } => {
                format!("{} of {total}: {}", impaired.len(), impaired.join(", "))
            }
            Fact::Reused { ago_s, valid_s } => {
                format!("{ago_s} s ago for another server of the group (reused for {valid_s} s)")
            }
            Fact::AlarmState { name, state } => format!("{name} is {state}"),
            Fact::NoneOpen { services } => format!("none for {}", services.join(", ")),
            Fact::NoAnswer { ms } => format!("no answer within {ms} ms"),
            Fact::Matching { count, cut: false } => count.to_string(),
            Fact::Matching { count, cut: true } => {
                format!("{count}+ (stopped at the event cap or the time limit)")
            }
            Fact::Ec2Status { status, details } => {
                let mut out = status.clone().unwrap_or_else(|| label::UNKNOWN.into());
                for d in details {
                    out.push_str(&format!("; {} {}", d.name, d.status));
                    if let Some(since) = d.since {
                        out.push_str(&format!(" since {}", since.to_rfc3339()));
                    }
                }
                out
            }
            Fact::NotLookedUp { names, why } => {
                let why = match why {
                    NotLookedUp::TimeLimit => "the time limit came first".to_owned(),
                    NotLookedUp::RateLimit => {
                        "CloudTrail answers two lookups a second: no more fit in the time limit"
                            .to_owned()
                    }
                    NotLookedUp::Failed { error } => format!("a lookup failed: {error}"),
                    NotLookedUp::AtMost { names } => format!("at most {names} names are looked up"),
                    NotLookedUp::Unknown => return None,
                };
                format!("{} ({why})", names.join(", "))
            }
            Fact::Tunnel {
                ip,
                status,
                message,
            } => format!(
                "{ip} {}{}",
                status.as_deref().unwrap_or(label::UNKNOWN),
                message
                    .as_deref()
                    .map(|m| format!(" ({m})"))
                    .unwrap_or_default()
            ),
            Fact::Unknown => return None,
        })
    }

    fn finding_line(&self, check: Check, resource: Option<&str>, outcome: &Outcome) -> String {
        let subject = match resource {
            Some(r) => format!("{} ({r})", self.check(check)),
            None => self.check(check).to_owned(),
        };
        match outcome {
            Outcome::Normal => format!("{subject}: normal"),
            Outcome::Abnormal { symptom } => format!("{subject}: {}", self.symptom(symptom)),
            Outcome::Unavailable { reason, detail } => {
                let detail = if detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", self.detail(detail))
                };
                format!(
                    "{subject}: could not check — {}{detail}",
                    self.unavailable(*reason)
                )
            }
        }
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

    fn live_finding_reason(
        &self,
        check: Check,
        symptom: &Symptom,
        resource: Option<&str>,
    ) -> String {
        // "Scheduled events found: …": a label may be plural, and a symptom is not always
        // a clause ("1 error line in the logs").
        let mut chars = self.check(check).chars();
        let check: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        format!("{check} found: {}{}.", self.symptom(symptom), on(resource))
    }

    fn trigger_finding_reason(&self, symptom: &Symptom, resource: Option<&str>) -> String {
        format!(
            "The trigger reports that {}{}.",
            self.symptom(symptom),
            on(resource)
        )
    }
}

/// " on i-1" after a reason's symptom, when it names a resource.
fn on(resource: Option<&str>) -> String {
    resource.map(|r| format!(" on {r}")).unwrap_or_default()
}
