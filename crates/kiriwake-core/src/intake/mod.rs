//! Intake: any trigger → one [`Incident`].
//!
//! Accepts the EventBridge events kiriwake's rules deliver (AWS Health, CloudWatch alarm
//! state changes, EC2 instance state changes, RDS DB instance and cluster events), the
//! payload CloudWatch sends when an alarm invokes a Lambda directly, and a manual request
//! typed by a person. Anything else is a typed [`IntakeError`] that names the field and
//! what was expected. Intake never panics and never reads a clock: the delivery time of a
//! manual request and the fallback for unparseable timestamps is the `now` passed in.

mod alarm;
mod ec2;
mod fields;
mod health;
mod manual;
mod rds;
mod typed;

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::incident::{FreeText, Incident, IntakeNote, Resource};
use fields::{Obj, type_name};

/// The largest event accepted: EventBridge's own event size limit (256 KiB).
pub const MAX_EVENT_BYTES: usize = 256 * 1024;

/// Why an event could not become an incident.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    /// The event is larger than EventBridge allows.
    #[error(
        "event is {size} bytes; the largest accepted is {limit} bytes (EventBridge's event size limit)"
    )]
    TooLarge {
        /// The event's size, in bytes.
        size: usize,
        /// The largest accepted, in bytes ([`MAX_EVENT_BYTES`]).
        limit: usize,
    },
    /// The bytes are not JSON; the parser's message.
    #[error("event is not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is not an object.
    #[error("event must be a JSON object, found {found}")]
    NotAnObject {
        /// What it is instead: `an array`, `a string`…
        found: &'static str,
    },
    /// An EventBridge event of a source or detail-type kiriwake does not read.
    #[error(
        "unsupported event: source {event_source:?}, detail-type {detail_type:?}; kiriwake accepts \
         aws.health \"AWS Health Event\"/\"AWS Health Abuse Event\", aws.cloudwatch \"CloudWatch \
         Alarm State Change\", aws.ec2 \"EC2 Instance State-change Notification\" and aws.rds \
         \"RDS DB Instance Event\"/\"RDS DB Cluster Event\""
    )]
    UnsupportedEvent {
        /// Its `source`, e.g. `aws.ec2`.
        event_source: String,
        /// Its `detail-type`.
        detail_type: String,
    },
    /// Neither an EventBridge event, an alarm action's payload nor a manual request.
    #[error(
        "unrecognized event: expected an EventBridge event (with `source` and `detail-type`), a \
         CloudWatch alarm action payload (with `alarmData`) or a manual request (with `resource`)"
    )]
    Unrecognized,
    /// A required field is absent, null or empty.
    #[error("missing field `{field}`: expected {expected}")]
    MissingField {
        /// The field's path, e.g. `detail.eventArn`.
        field: String,
        /// What it should hold.
        expected: &'static str,
    },
    /// A field holds the wrong JSON type.
    #[error("field `{field}` has the wrong type: expected {expected}, found {found}")]
    WrongType {
        /// The field's path, e.g. `detail.eventArn`.
        field: String,
        /// The type expected.
        expected: &'static str,
        /// The type found: `a number`, `an array`…
        found: &'static str,
    },
    /// A field's value is none of those accepted.
    #[error("field `{field}` has an invalid value {found:?}: expected {expected}")]
    InvalidValue {
        /// The field's path, e.g. `detail.eventArn`.
        field: String,
        /// What would have been accepted.
        expected: &'static str,
        /// The value given.
        found: String,
    },
}

/// Turns raw event bytes into an incident. `now` is the delivery time used for manual
/// requests and whenever the event's own times are missing or unparseable.
pub fn intake(raw: &[u8], now: DateTime<Utc>) -> Result<Incident, IntakeError> {
    if raw.len() > MAX_EVENT_BYTES {
        return Err(IntakeError::TooLarge {
            size: raw.len(),
            limit: MAX_EVENT_BYTES,
        });
    }
    let value: Value =
        serde_json::from_slice(raw).map_err(|e| IntakeError::NotJson(e.to_string()))?;
    intake_value(&value, now)
}

/// At most this many resources (and AWS Health entities) are kept per incident; the rest are
/// counted. The checks look at the first [`crate::plan::MAX_CHECKED_RESOURCES`] anyway, and
/// the incident travels through every state of the state machine, whose input and output
/// are limited to 256 KiB: a Health event may name thousands.
pub const MAX_RESOURCES: usize = 50;

/// At most this many characters of any free text of the trigger are kept (descriptions,
/// reasons, messages, notes); the summary, one line for people, at most [`MAX_SUMMARY_CHARS`].
pub const MAX_TEXT_CHARS: usize = 4_000;
/// See [`MAX_TEXT_CHARS`].
pub const MAX_SUMMARY_CHARS: usize = 300;

/// Like [`intake`], for an event the Lambda runtime has already parsed.
pub fn intake_value(value: &Value, now: DateTime<Utc>) -> Result<Incident, IntakeError> {
    let mut incident = bounded(read(value, now)?);
    believable_start(&mut incident, now);
    // In words too, for functions of an earlier version (they read this field only).
    let words = crate::config::Lang::default().words();
    incident.intake_notes = incident
        .notes
        .iter()
        .filter_map(|n| words.intake_fallback(n))
        .collect();
    incident.dedupe_until = (now + chrono::Duration::days(DEDUPE_DAYS)).timestamp();
    Ok(incident)
}

/// How far an event's own time may run ahead of its delivery (clocks differ a little).
pub const MAX_CLOCK_SKEW_MINUTES: i64 = 15;

/// When an incident began is never after it was delivered: a start further ahead than
/// [`MAX_CLOCK_SKEW_MINUTES`] (a far-future year, a local time written as UTC, a forged
/// event) is not believed. It would shift every time the notification shows, and an
/// incident member whose word seems to come from the future would never let a real
/// recovery close it. The delivery time is used instead, and the notification says so.
fn believable_start(incident: &mut Incident, now: DateTime<Utc>) {
    if incident.started_at <= now + chrono::Duration::minutes(MAX_CLOCK_SKEW_MINUTES) {
        return;
    }
    incident.notes.push(IntakeNote::StartInTheFuture {
        began: incident.started_at,
        delivered: now,
    });
    incident.started_at = now;
}

/// How long a delivery's key is remembered: far beyond any redelivery (EventBridge retries
/// for at most a day, an alarm action's asynchronous invocation for six hours).
pub const DEDUPE_DAYS: i64 = 7;

/// The longest de-duplication key kept as it is (DynamoDB allows 2,048 bytes in a partition
/// key, with the store's prefix); a longer one keeps its start and a hash of the whole.
pub const MAX_DEDUPE_KEY_BYTES: usize = 1_024;

/// `key` within [`MAX_DEDUPE_KEY_BYTES`]: unchanged when it fits, else its start and a
/// 64-bit FNV-1a hash of all of it (stable across builds, unlike std's hasher).
pub(crate) fn bounded_key(key: &str) -> String {
    if key.len() <= MAX_DEDUPE_KEY_BYTES {
        return key.to_owned();
    }
    let hash = fnv1a(key.as_bytes());
    let start = crate::render::truncate_bytes(key, MAX_DEDUPE_KEY_BYTES - 17);
    format!("{start}#{hash:016x}")
}

/// 64-bit FNV-1a: a hash stable across builds and platforms, unlike std's hasher.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Keeps the incident within fixed bounds, whatever the trigger's size, and says what was cut;
/// masks secrets in its free text.
fn bounded(mut incident: Incident) -> Incident {
    use crate::incident::Trigger;
    use crate::render::truncate_chars;

    // Free text may carry secrets (a password in an alarm description, a key in a note):
    // masked here, before it travels anywhere.
    fn cut(text: &mut String, what: FreeText, notes: &mut Vec<IntakeNote>) {
        *text = crate::redact::redact(text);
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            *text = truncate_chars(text, MAX_TEXT_CHARS);
            notes.push(IntakeNote::TextCut {
                text: what,
                chars,
                kept: MAX_TEXT_CHARS,
            });
        }
    }
    incident.dedupe_key = bounded_key(&incident.dedupe_key);
    let notes = &mut incident.notes;
    if incident.resources.len() > MAX_RESOURCES {
        let omitted = incident.resources.len() - MAX_RESOURCES;
        incident.resources.truncate(MAX_RESOURCES);
        incident.resources_omitted += omitted;
        notes.push(IntakeNote::ResourcesCut {
            named: MAX_RESOURCES + omitted,
            kept: MAX_RESOURCES,
        });
    }
    match &mut incident.trigger {
        Trigger::Health(h) => {
            if h.affected_entities.len() > MAX_RESOURCES {
                let omitted = h.affected_entities.len() - MAX_RESOURCES;
                h.affected_entities.truncate(MAX_RESOURCES);
                h.entities_omitted += omitted;
                notes.push(IntakeNote::EntitiesCut {
                    named: MAX_RESOURCES + omitted,
                    kept: MAX_RESOURCES,
                });
            }
            if let Some(d) = &mut h.description {
                cut(d, FreeText::HealthDescription, notes);
            }
        }
        Trigger::Alarm(a) => {
            for (text, what) in [
                (&mut a.description, FreeText::AlarmDescription),
                (&mut a.reason, FreeText::AlarmReason),
            ] {
                if let Some(t) = text {
                    cut(t, what, notes);
                }
            }
        }
        Trigger::RdsEvent(r) => cut(&mut r.message, FreeText::RdsMessage, notes),
        Trigger::Manual(m) => {
            if let Some(n) = &mut m.note {
                cut(n, FreeText::RequestNote, notes);
            }
        }
        Trigger::Ec2State(_) => {}
    }
    // The summary (logs, the payload, the console) is the trigger line in the default
    // language, made from the bounded facts.
    incident.summary = crate::describe::trigger_line(&incident, crate::config::Lang::default());
    incident
}

fn read(value: &Value, now: DateTime<Utc>) -> Result<Incident, IntakeError> {
    let size = serde_json::to_vec(value)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_EVENT_BYTES {
        return Err(IntakeError::TooLarge {
            size,
            limit: MAX_EVENT_BYTES,
        });
    }
    let Value::Object(map) = value else {
        return Err(IntakeError::NotAnObject {
            found: type_name(value),
        });
    };
    let top = Obj::new("", map);
    if top.has("alarmData") {
        return alarm::from_alarm_action(&top, now);
    }
    if top.has("source") || top.has("detail-type") {
        let source = top.req_str("source", "the event source, e.g. \"aws.health\"")?;
        let detail_type = top.req_str("detail-type", "the EventBridge detail-type")?;
        let envelope = Envelope::read(&top, now)?;
        return match (source, detail_type) {
            ("aws.health", "AWS Health Event" | "AWS Health Abuse Event") => {
                health::from_event(&top, envelope, detail_type == "AWS Health Abuse Event")
            }
            ("aws.cloudwatch", "CloudWatch Alarm State Change") => {
                alarm::from_eventbridge(&top, envelope)
            }
            ("aws.ec2", "EC2 Instance State-change Notification") => {
                ec2::from_event(&top, envelope)
            }
            ("aws.rds", "RDS DB Instance Event" | "RDS DB Cluster Event") => {
                rds::from_event(&top, envelope)
            }
            _ => Err(IntakeError::UnsupportedEvent {
                event_source: source.to_owned(),
                detail_type: detail_type.to_owned(),
            }),
        };
    }
    if top.has("resource") || top.has("resources") {
        return manual::from_request(&top, now);
    }
    Err(IntakeError::Unrecognized)
}

/// The EventBridge envelope fields every event shares.
#[derive(Debug)]
pub(crate) struct Envelope {
    pub(crate) id: String,
    pub(crate) time: DateTime<Utc>,
    pub(crate) region: Option<String>,
    pub(crate) account: Option<String>,
    /// ARNs from `resources`.
    pub(crate) resources: Vec<String>,
    pub(crate) notes: Vec<IntakeNote>,
}

impl Envelope {
    /// The envelope as `aws_lambda_events`' `EventBridgeEvent`, but for `time`, which
    /// intake reads leniently (a bad one falls back to the delivery time, with a note),
    /// `detail`, which each trigger's reader takes, and `version`, which intake never
    /// needed (a hand-written `0` must not refuse the event).
    fn read(top: &Obj<'_>, now: DateTime<Utc>) -> Result<Self, IntakeError> {
        let typed: EventBridgeEvent<Value> = typed::read(
            &typed::view(top, &["time", "detail", "version"]),
            "",
            |field| match field {
                "id" => "the EventBridge event id",
                "source" => "the event source, e.g. \"aws.health\"",
                "detail-type" => "the EventBridge detail-type",
                _ => "the field EventBridge documents",
            },
        )?;
        let id = typed.id.filter(|id| !id.trim().is_empty()).ok_or_else(|| {
            IntakeError::MissingField {
                field: "id".into(),
                expected: "the EventBridge event id",
            }
        })?;
        let mut notes = Vec::new();
        let time = match top.lenient_time("time", &mut notes)? {
            Some(t) => t,
            None => {
                notes.push(IntakeNote::NoTime);
                now
            }
        };
        Ok(Envelope {
            id,
            time,
            region: typed.region,
            account: typed.account,
            resources: typed.resources.unwrap_or_default(),
            notes,
        })
    }
}

/// Fills region and account from the event where the resource's own ARN did not say.
pub(crate) fn locate(mut r: Resource, region: Option<&str>, account: Option<&str>) -> Resource {
    if r.region.is_none() {
        r.region = region.map(str::to_owned);
    }
    if r.account.is_none() {
        r.account = account.map(str::to_owned);
    }
    r
}

/// Adds `r` unless a resource with the same id is already listed.
pub(crate) fn push_unique(list: &mut Vec<Resource>, r: Resource) {
    if !list.iter().any(|x| x.id == r.id) {
        list.push(r);
    }
}
