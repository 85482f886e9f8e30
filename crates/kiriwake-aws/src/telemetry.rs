//! What the functions tell CloudWatch besides their answers: metrics in the embedded metric
//! format (EMF: a JSON log line CloudWatch turns into metrics, no API call, no extra
//! latency), and the ids that join one incident's log lines across the six functions.
//!
//! Metrics, namespace [`NAMESPACE`], every one with the dimension `Stack` (the stack's name,
//! so two deployments in one account stay apart) and, where it says, one more:
//!
//! | function | metric | dimension | unit |
//! |---|---|---|---|
//! | intake | `TriggersRefused` | — | Count |
//! | check-* | `StepDuration` | `Step` | Milliseconds |
//! | check-* | `ChecksUnavailable` | `Reason` (throttled, access_denied, timeout, …) | Count |
//! | classify | `Isolations` | `Trigger` (alarm, health, ec2_state, rds_event, manual) | Count |
//! | classify | `Classifications` | `Verdict`; `Responsible`; `Scope` (three series) | Count |
//! | classify | `IsolationDuration` (intake's receipt to the verdict) | — | Milliseconds |
//! | notify | `Notifications` | `Kind` (opened, updated, recovered, joined, failure) | Count |
//! | notify | `DuplicatesSuppressed` | — | Count |
//! | notify | `PublishFailures` | — | Count |
//!
//! The template's dashboard shows them. Each EMF line also carries the execution and the
//! incident as properties, and the functions' log lines carry them in their span, so
//! `fields @message | filter span.incident = "…"` in Logs Insights reads one incident
//! through every function.

use std::io::Write;

use kiriwake_core::render::code;
use kiriwake_core::{Classification, Finding, Outcome, Step};
use metrics_cloudwatch_embedded::Collector;

/// The CloudWatch namespace of every kiriwake metric.
pub const NAMESPACE: &str = "Kiriwake";

/// Every metric the functions write: its name, the dimensions besides `Stack` (each its own
/// series; none: the stack's total), and whether it is a distribution of milliseconds (else
/// a count). The template's dashboard shows each series (a test holds it to this list).
pub const METRICS: [(&str, &[&str], bool); 9] = [
    ("Isolations", &["Trigger"], false),
    ("TriggersRefused", &[], false),
    ("StepDuration", &["Step"], true),
    ("ChecksUnavailable", &["Reason"], false),
    (
        "Classifications",
        &["Verdict", "Responsible", "Scope"],
        false,
    ),
    ("IsolationDuration", &[], true),
    ("Notifications", &["Kind"], false),
    ("DuplicatesSuppressed", &[], false),
    ("PublishFailures", &[], false),
];

/// The metrics recorder of one function, flushed as EMF after each invocation.
#[derive(Clone, Copy)]
pub struct Telemetry {
    collector: Option<&'static Collector>,
}

impl std::fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Telemetry")
            .field("recording", &self.collector.is_some())
            .finish()
    }
}

/// The ids one invocation works for, in its log lines and its metrics.
#[derive(Debug, Clone, Default)]
pub struct Ids<'a> {
    pub execution: Option<&'a str>,
    pub incident: Option<&'a str>,
}

impl Ids<'_> {
    /// The span every log line of the invocation is written in.
    pub fn span(&self, function: &'static str) -> tracing::Span {
        tracing::info_span!(
            "kiriwake",
            function,
            execution = self.execution.unwrap_or(""),
            incident = self.incident.unwrap_or(""),
        )
    }
}

impl Telemetry {
    /// Installs the recorder for this process (once, at cold start), the stack's name from
    /// `KIRIWAKE_STACK` and the settings revision the version was published with from
    /// `KIRIWAKE_SETTINGS_REVISION` (the template sets both; the revision is a property of
    /// every metric line). Without a recorder the function still works, saying so in its
    /// log.
    pub fn init() -> Telemetry {
        let stack = std::env::var("KIRIWAKE_STACK")
            .ok()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "kiriwake".to_owned());
        match metrics_cloudwatch_embedded::Builder::new()
            .cloudwatch_namespace(NAMESPACE)
            .with_dimension("Stack", stack)
            .init()
        {
            Ok(collector) => {
                describe();
                if let Some(revision) = std::env::var("KIRIWAKE_SETTINGS_REVISION")
                    .ok()
                    .filter(|s| !s.is_empty())
                {
                    collector.set_property("SettingsRevision", revision);
                }
                Telemetry {
                    collector: Some(collector),
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "no metrics: the EMF recorder could not be installed");
                Telemetry { collector: None }
            }
        }
    }

    /// Writes what this invocation recorded as EMF lines on stdout, with its ids as
    /// properties. A write error loses metrics, never the invocation's answer.
    pub fn flush(&self, ids: &Ids<'_>) {
        let Some(collector) = self.collector else {
            return;
        };
        for (name, value) in [("ExecutionId", ids.execution), ("IncidentId", ids.incident)] {
            match value {
                Some(v) => collector.set_property(name, v),
                None => collector.remove_property(name),
            };
        }
        let mut out = std::io::stdout().lock();
        if let Err(e) = collector.flush(&mut out).and_then(|()| out.flush()) {
            tracing::warn!(error = %e, "the metrics of this invocation could not be written");
        }
    }
}

/// Intake refused an event.
pub fn trigger_refused() {
    ::metrics::counter!("TriggersRefused").increment(1);
}

/// A check step finished: its duration and each check it could not run, by reason.
pub fn step(step: Step, findings: &[Finding], millis: u64) {
    ::metrics::histogram!("StepDuration", "Step" => code(&step)).record(millis as f64);
    for f in findings {
        if let Outcome::Unavailable { reason, .. } = &f.outcome {
            ::metrics::counter!("ChecksUnavailable", "Reason" => code(reason)).increment(1);
        }
    }
}

/// An isolation by its trigger's kind (counted here, not by intake, which reads an alarm
/// action twice: when the alarm invokes it, and again in the state machine), its verdict,
/// who must act, how wide, and how long it took.
pub fn classification(c: &Classification, now: chrono::DateTime<chrono::Utc>) {
    ::metrics::counter!("Isolations", "Trigger" => c.incident.trigger.kind_name()).increment(1);
    ::metrics::counter!("Classifications", "Verdict" => code(&c.verdict)).increment(1);
    ::metrics::counter!("Classifications", "Responsible" => code(&c.responsible)).increment(1);
    ::metrics::counter!("Classifications", "Scope" => code(&c.scope)).increment(1);
    let millis = (now - c.incident.received_at).num_milliseconds().max(0);
    ::metrics::histogram!("IsolationDuration").record(millis as f64);
}

/// A notification went out (`opened`, `updated`, `recovered`, `failure`), or a trigger
/// joined its incident quietly (`joined`).
pub fn notification(kind: &'static str) {
    ::metrics::counter!("Notifications", "Kind" => kind).increment(1);
}

/// A delivery the state machine recognised as a duplicate ended without any work.
pub fn duplicate() {
    ::metrics::counter!("DuplicatesSuppressed").increment(1);
}

/// SNS or the incident store refused; the state machine retries.
pub fn publish_failure() {
    ::metrics::counter!("PublishFailures").increment(1);
}

/// Registers the units, so CloudWatch shows milliseconds as milliseconds.
fn describe() {
    for (name, _, millis) in METRICS {
        if millis {
            ::metrics::describe_histogram!(name, ::metrics::Unit::Milliseconds, "");
        } else {
            ::metrics::describe_counter!(name, ::metrics::Unit::Count, "");
        }
    }
}
