//! The `Incident`: every trigger, normalized into one shape.
//!
//! Intake turns an AWS event (or a manual request) into an incident; every later step
//! reads only this. The trigger keeps the facts the decision needs from the original
//! event, typed; the raw event itself is not kept.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One alarm, Health event, state change or manual request, ready for isolation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable identifier: the EventBridge event id, or one derived from the payload.
    pub id: String,
    /// Key for de-duplicating repeated deliveries of the same fact, the same on every
    /// delivery path: an alarm's ARN + state + state timestamp (its EventBridge event and
    /// its alarm action are one), a Health event's ARN + status + last update (+ page), an
    /// instance + state + time, an RDS source + event ID + time. At most
    /// [`crate::intake::MAX_DEDUPE_KEY_BYTES`].
    pub dedupe_key: String,
    /// Until when (Unix seconds) a delivery of this key counts as a duplicate: the incident
    /// store forgets the key after it (its TTL).
    #[serde(default)]
    pub dedupe_until: i64,
    /// What fired, with the facts of the original event the decision reads.
    pub trigger: Trigger,
    /// The resources the trigger names (at most [`crate::intake::MAX_RESOURCES`]); empty
    /// for public Health events.
    pub resources: Vec<Resource>,
    /// How many more resources the trigger named than `resources` keeps.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub resources_omitted: usize,
    /// The affected region (for Health, `eventRegion`, not the delivery region).
    pub region: Option<String>,
    /// The AWS account the trigger is about (for Health, `affectedAccount`), when it says.
    pub account: Option<String>,
    /// When the fault began, as best the trigger tells.
    pub started_at: DateTime<Utc>,
    /// When the trigger was delivered (or, for a manual request, received).
    pub received_at: DateTime<Utc>,
    /// Whether the trigger says the condition is still going on.
    pub ongoing: bool,
    /// One line for people: what fired and on what.
    pub summary: String,
    /// Where intake had to fall back (e.g. an unparseable timestamp), in the default
    /// language: what functions of an earlier version read (their field), and the words of
    /// a note this version does not know.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intake_notes: Vec<String>,
    /// The same notes, typed, in the same order: the notification words them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<IntakeNote>,
}

/// Where intake had to fall back, so that one odd field never rejects a real trigger: the
/// notification says what was assumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "note")]
pub enum IntakeNote {
    /// A field that should hold JSON does not (`field` is its path); it was ignored.
    NotJson {
        /// The field's path in the event.
        field: String,
        /// The parser's error.
        error: String,
    },
    /// A field is not a timestamp AWS uses; it was ignored.
    NotATimestamp {
        /// The field's path in the event.
        field: String,
        /// What it held.
        raw: String,
    },
    /// An alarm without `configuration`: its metric is unknown.
    NoConfiguration {
        /// The field's path in the event.
        field: String,
    },
    /// An AWS Health event without `statusCode` (an older one): read as open.
    NoStatusCode,
    /// An AWS Health event without `eventScopeCode`: the scope was inferred from its
    /// affected entities.
    NoScopeCode,
    /// The event has no usable `time`: the delivery time was used.
    NoTime,
    /// The event says it began after it was delivered: the delivery time was used.
    StartInTheFuture {
        /// When the event says it began.
        began: DateTime<Utc>,
        /// When it was delivered.
        delivered: DateTime<Utc>,
    },
    /// The trigger names more resources than an incident keeps.
    ResourcesCut {
        /// How many it names.
        named: usize,
        /// How many are kept (the others are counted).
        kept: usize,
    },
    /// The AWS Health event names more affected entities than an incident keeps.
    EntitiesCut {
        /// How many it names.
        named: usize,
        /// How many are kept (the others are counted).
        kept: usize,
    },
    /// A free text of the trigger is longer than an incident keeps.
    TextCut {
        /// Which text.
        text: FreeText,
        /// How long it is, in characters.
        chars: usize,
        /// How many characters are kept.
        kept: usize,
    },
    /// A note of a later version, which this one does not know: its words are in
    /// [`Incident::intake_notes`].
    #[serde(other)]
    Unknown,
}

/// The free texts of a trigger intake bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FreeText {
    /// An alarm's description.
    AlarmDescription,
    /// An alarm's state reason.
    AlarmReason,
    /// An AWS Health event's description.
    HealthDescription,
    /// An RDS event's message.
    RdsMessage,
    /// A manual request's note.
    RequestNote,
    /// A text of a later version, which this one does not know: the note's words are in
    /// [`Incident::intake_notes`].
    #[serde(other)]
    Unknown,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Incident {
    /// The resource the isolation is about: the first named one.
    pub fn primary_resource(&self) -> Option<&Resource> {
        self.resources.first()
    }

    /// Identifiers of every resource, for subjects and support cases.
    pub fn resource_ids(&self) -> Vec<&str> {
        self.resources.iter().map(|r| r.id.as_str()).collect()
    }
}

/// What fired, with the facts of the original event the decision needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    /// An AWS Health event (`aws.health`), abuse events included.
    Health(HealthTrigger),
    /// A CloudWatch alarm state change.
    Alarm(AlarmTrigger),
    /// An EC2 instance state change.
    Ec2State(Ec2StateTrigger),
    /// An RDS DB instance or cluster event.
    RdsEvent(RdsTrigger),
    /// A request typed by a person.
    Manual(ManualTrigger),
}

impl Trigger {
    /// The kind as logs and the `Isolations` metric name it: `alarm`, `health`, `ec2_state`…
    pub fn kind_name(&self) -> &'static str {
        match self {
            Trigger::Health(_) => "health",
            Trigger::Alarm(_) => "alarm",
            Trigger::Ec2State(_) => "ec2_state",
            Trigger::RdsEvent(_) => "rds_event",
            Trigger::Manual(_) => "manual",
        }
    }
}

/// An AWS Health event as EventBridge delivers it (every documented `detail` field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthTrigger {
    /// `eventArn`: what AWS Support and the Health console know the event by.
    pub event_arn: String,
    /// `service`: the affected AWS service, e.g. `EC2`, `RDS`.
    pub service: String,
    /// `eventTypeCode`: what happened, e.g. `AWS_EC2_OPERATIONAL_ISSUE`.
    pub event_type_code: String,
    /// `eventTypeCategory`: issue, account notification, scheduled change or investigation.
    pub category: HealthCategory,
    /// `eventScopeCode`: public or account-specific (inferred from the entities when absent).
    pub scope: HealthScope,
    /// `statusCode`: open, upcoming or closed (read as open when an older event has none).
    pub status: HealthStatus,
    /// `communicationId`: this message of the event; tells updates apart when an older event
    /// has no `lastUpdatedTime`.
    pub communication_id: Option<String>,
    /// `startTime`: when it began, or for an upcoming event when AWS will act.
    pub start_time: Option<DateTime<Utc>>,
    /// `endTime`: when it ended, or is planned to end.
    pub end_time: Option<DateTime<Utc>>,
    /// `lastUpdatedTime`: the latest update; a new one is news, the same one again is not.
    pub last_updated_time: Option<DateTime<Utc>>,
    /// `eventRegion`: the affected region (not the region that delivered the event).
    pub event_region: Option<String>,
    /// `affectedAccount`: the AWS account the event affects.
    pub affected_account: Option<String>,
    /// The English `latestDescription` when present, else the first one.
    pub description: Option<String>,
    /// At most [`crate::intake::MAX_RESOURCES`] of them.
    pub affected_entities: Vec<HealthEntity>,
    /// How many more entities the event named than `affected_entities` keeps.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub entities_omitted: usize,
    /// `detail-type: AWS Health Abuse Event`.
    pub abuse: bool,
    /// Large events arrive in pages (`page` of `totalPages`).
    pub page: Option<String>,
    /// `totalPages`: how many pages the event arrives in.
    pub total_pages: Option<String>,
}

/// One of a Health event's `affectedEntities`: what it affects, usually a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthEntity {
    /// `entityValue`: the entity's identifier, e.g. an instance id or an ARN.
    pub value: String,
    /// `IMPAIRED`, `UNIMPAIRED`, `UNKNOWN`, `PENDING`, `RESOLVED` as AWS sends it.
    pub status: Option<String>,
    /// The entity's tags, as the event carries them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// AWS Health's `eventTypeCategory`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HealthCategory {
    /// `issue`: a problem with an AWS service or resource, now.
    Issue,
    /// `accountNotification`: a notice about the account: lifecycle, end of support, a change.
    AccountNotification,
    /// `scheduledChange`: planned maintenance AWS announced.
    ScheduledChange,
    /// `investigation`: AWS is looking into a possible issue.
    Investigation,
    /// A category this crate does not know, kept as sent.
    #[serde(untagged)]
    Other(String),
}

impl HealthCategory {
    /// The category in plain words, for summaries (`scheduled change`).
    pub fn word(&self) -> &str {
        match self {
            HealthCategory::Issue => "issue",
            HealthCategory::AccountNotification => "account notification",
            HealthCategory::ScheduledChange => "scheduled change",
            HealthCategory::Investigation => "investigation",
            HealthCategory::Other(s) => s,
        }
    }
}

/// AWS Health's `eventScopeCode`: whom the event concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HealthScope {
    /// `PUBLIC`: a service event for everyone in the region (service health); names no resources.
    Public,
    /// `ACCOUNT_SPECIFIC`: about the account and its resources (account health).
    AccountSpecific,
    /// `NONE`: no scope (AWS: the event is not valid or no longer exists).
    None,
    /// A scope this crate does not know, kept as sent.
    #[serde(untagged)]
    Other(String),
}

/// AWS Health's `statusCode`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// `open`: going on now.
    Open,
    /// `closed`: over; a closed event is a recovery.
    Closed,
    /// `upcoming`: planned, not started yet.
    Upcoming,
    /// A status this crate does not know, kept as sent.
    #[serde(untagged)]
    Other(String),
}

impl HealthStatus {
    /// The status as AWS writes it, for summaries (`open`).
    pub fn word(&self) -> &str {
        match self {
            HealthStatus::Open => "open",
            HealthStatus::Closed => "closed",
            HealthStatus::Upcoming => "upcoming",
            HealthStatus::Other(s) => s,
        }
    }
}

/// A CloudWatch alarm state change, from EventBridge or from an alarm action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmTrigger {
    /// `alarmName`.
    pub alarm_name: String,
    /// The alarm's ARN: from the event's `resources`, or the action payload's `alarmArn`.
    pub alarm_arn: Option<String>,
    /// The state it entered.
    pub state: AlarmState,
    /// The state it left, when the event says.
    pub previous_state: Option<AlarmState>,
    /// `state.reason`: CloudWatch's words for the change, secrets masked.
    pub reason: Option<String>,
    /// `reasonData` parsed from its JSON string; `None` when absent or unparseable.
    pub reason_data: Option<serde_json::Value>,
    /// The alarm's description (`configuration.description`), secrets masked.
    pub description: Option<String>,
    /// What it watches: metrics, or a composite rule.
    pub alarm: AlarmKind,
    /// How it arrived: an EventBridge event or an alarm action.
    pub delivery: AlarmDelivery,
}

/// The path an alarm state change came by; both carry the same alarm object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmDelivery {
    /// `detail-type: CloudWatch Alarm State Change` on an event bus.
    EventBridge,
    /// The payload CloudWatch sends when the alarm invokes a Lambda directly.
    AlarmAction,
}

/// A CloudWatch alarm state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    /// `OK`: within the threshold (a composite alarm: its rule is false).
    Ok,
    /// `ALARM`: past the threshold (a composite alarm: its rule is true).
    Alarm,
    /// `INSUFFICIENT_DATA`: too little data to say (the metric stopped arriving, or just began).
    InsufficientData,
    /// Any other value, kept as sent (intake itself accepts only the three above).
    #[serde(untagged)]
    Other(String),
}

impl AlarmState {
    /// The state as CloudWatch writes it (`ALARM`).
    pub fn word(&self) -> &str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
            AlarmState::Other(s) => s,
        }
    }
}

/// What kind of alarm fired, with what it watches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AlarmKind {
    /// A metric alarm; several entries for metric math and anomaly detection.
    Metric {
        /// `configuration.metrics`: its metrics and expressions.
        metrics: Vec<AlarmMetric>,
    },
    /// A composite alarm: a rule over other alarms.
    Composite {
        /// `configuration.alarmRule`, e.g. `ALARM(cpu) OR ALARM(errors)`.
        rule: String,
        /// Child alarms that moved the composite, from `reasonData.triggeringAlarms`.
        triggering_alarms: Vec<String>,
    },
}

impl AlarmKind {
    /// What the alarm watches, as people name it: each metric's name or expression, or
    /// the composite's rule (after `rule_word`: "rule" in the reader's language).
    pub fn watched(&self, rule_word: &str) -> Vec<String> {
        match self {
            AlarmKind::Metric { metrics } => metrics
                .iter()
                .filter_map(|m| m.name.clone().or_else(|| m.expression.clone()))
                .collect(),
            AlarmKind::Composite { rule, .. } => vec![format!("{rule_word} {rule}")],
        }
    }
}

/// One entry of an alarm's `configuration.metrics`: a metric, or an expression over others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmMetric {
    /// The entry's `id`, which expressions refer to.
    pub id: Option<String>,
    /// The metric's namespace, e.g. `AWS/EC2`, `CWAgent`.
    pub namespace: Option<String>,
    /// The metric's name, e.g. `StatusCheckFailed_System`.
    pub name: Option<String>,
    /// The metric's dimensions, name to value: they name the resources (`InstanceId`…).
    #[serde(default)]
    pub dimensions: BTreeMap<String, String>,
    /// The statistic, e.g. `Average`, `Maximum`, `p99`.
    pub stat: Option<String>,
    /// The period, in seconds.
    pub period: Option<u64>,
    /// Metric math or anomaly band expression.
    pub expression: Option<String>,
    /// `returnData`: whether the alarm evaluates this entry.
    pub return_data: Option<bool>,
}

/// `EC2 Instance State-change Notification`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ec2StateTrigger {
    /// The instance (`i-…`).
    pub instance_id: String,
    /// The state it entered, e.g. `stopping`, `stopped`, `terminated`, `running`.
    pub state: String,
}

/// Whether an instance in this EC2 state is gone for good (`terminated`, or
/// `shutting-down` on the way there), not merely stopped.
pub fn ec2_state_is_final(state: &str) -> bool {
    matches!(state, "terminated" | "shutting-down")
}

/// `RDS DB Instance Event` (and `RDS DB Cluster Event`, same shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RdsTrigger {
    /// `SourceType`: `DB_INSTANCE` or `CLUSTER`, when given.
    pub source_type: Option<String>,
    /// `SourceIdentifier`: the DB instance or cluster identifier.
    pub source_identifier: String,
    /// `SourceArn`: the DB instance's or cluster's ARN, when given.
    pub source_arn: Option<String>,
    /// `EventCategories`, e.g. `failover`, `failure`, `maintenance`.
    pub categories: Vec<String>,
    /// `Message`: the event in RDS's words, secrets masked.
    pub message: String,
    /// `EventID`, e.g. `RDS-EVENT-0031`: what the RDS documentation lists it by.
    pub event_id: Option<String>,
}

/// A request typed by a person: a console test event or a runbook step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualTrigger {
    /// What the person wrote about it (`note`), secrets masked.
    pub note: Option<String>,
}

/// A resource the trigger names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// What kind of resource: which checks apply, and who runs its OS.
    pub kind: ResourceKind,
    /// The short identifier people use (`i-0abc…`, a DB identifier, `vpn-…`).
    pub id: String,
    /// Its ARN, when the trigger gave one.
    pub arn: Option<String>,
    /// Its region: from its ARN, else the trigger's.
    pub region: Option<String>,
    /// Its AWS account: from its ARN, else the trigger's.
    pub account: Option<String>,
    /// Its Availability Zone, when the trigger says (a manual request's `availability_zone`).
    pub availability_zone: Option<String>,
}

/// The kinds of resource kiriwake knows; each has its own checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// An EC2 instance (`i-…`).
    Ec2Instance,
    /// An EBS volume (`vol-…`).
    EbsVolume,
    /// An EC2 Auto Scaling group: its servers are checked as siblings.
    AutoScalingGroup,
    /// An RDS DB instance.
    RdsDbInstance,
    /// An RDS DB cluster (Aurora, or a Multi-AZ DB cluster).
    RdsDbCluster,
    /// A Site-to-Site VPN connection (`vpn-…`).
    VpnConnection,
    /// A Direct Connect connection (`dxcon-…`).
    DirectConnect,
    /// An Elastic Load Balancing load balancer.
    LoadBalancer,
    /// A load balancer's target group.
    TargetGroup,
    /// A Lambda function.
    LambdaFunction,
    /// An S3 bucket.
    S3Bucket,
    /// Anything else: only application logs are checked.
    Other,
}

/// Who runs the OS and middleware of a service — the method's table has two columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// EC2 and its volumes: the customer runs the OS and middleware.
    Unmanaged,
    /// RDS, load balancers, Lambda, S3, VPN endpoints: AWS runs the OS and middleware.
    Managed,
    /// A resource kiriwake does not know: who runs its OS and middleware is not known.
    Unknown,
}

impl ResourceKind {
    /// Who runs its OS and middleware: the column of the method's table it reads.
    pub fn service_kind(self) -> ServiceKind {
        match self {
            ResourceKind::Ec2Instance
            | ResourceKind::EbsVolume
            | ResourceKind::AutoScalingGroup => ServiceKind::Unmanaged,
            ResourceKind::RdsDbInstance
            | ResourceKind::RdsDbCluster
            | ResourceKind::LoadBalancer
            | ResourceKind::TargetGroup
            | ResourceKind::LambdaFunction
            | ResourceKind::S3Bucket
            | ResourceKind::VpnConnection
            | ResourceKind::DirectConnect => ServiceKind::Managed,
            ResourceKind::Other => ServiceKind::Unknown,
        }
    }

    /// Resource groups (an Auto Scaling group, a target group) rather than one resource.
    pub fn is_group(self) -> bool {
        matches!(
            self,
            ResourceKind::AutoScalingGroup | ResourceKind::TargetGroup | ResourceKind::LoadBalancer
        )
    }

    /// Infers the kind of a bare identifier or ARN.
    pub fn infer(id: &str) -> ResourceKind {
        if let Some(rest) = id.strip_prefix("arn:") {
            let mut parts = rest.splitn(5, ':');
            let service = parts.nth(1).unwrap_or_default();
            let resource = parts.nth(2).unwrap_or_default();
            return match (
                service,
                resource.split([':', '/']).next().unwrap_or_default(),
            ) {
                ("ec2", "instance") => ResourceKind::Ec2Instance,
                ("ec2", "volume") => ResourceKind::EbsVolume,
                ("ec2", "vpn-connection") => ResourceKind::VpnConnection,
                ("rds", "db") => ResourceKind::RdsDbInstance,
                ("rds", "cluster") => ResourceKind::RdsDbCluster,
                ("autoscaling", _) => ResourceKind::AutoScalingGroup,
                ("elasticloadbalancing", "targetgroup") => ResourceKind::TargetGroup,
                ("elasticloadbalancing", _) => ResourceKind::LoadBalancer,
                ("lambda", _) => ResourceKind::LambdaFunction,
                ("s3", _) => ResourceKind::S3Bucket,
                ("directconnect", _) => ResourceKind::DirectConnect,
                _ => ResourceKind::Other,
            };
        }
        if id.starts_with("i-") {
            ResourceKind::Ec2Instance
        } else if id.starts_with("vol-") {
            ResourceKind::EbsVolume
        } else if id.starts_with("vpn-") {
            ResourceKind::VpnConnection
        } else if id.starts_with("dxcon-") {
            ResourceKind::DirectConnect
        } else {
            ResourceKind::Other
        }
    }
}

impl Resource {
    /// A resource from an identifier or ARN; region and account come from the ARN when
    /// it has them.
    pub fn from_id(raw: &str, kind: Option<ResourceKind>) -> Resource {
        let kind = kind.unwrap_or_else(|| ResourceKind::infer(raw));
        if let Some(rest) = raw.strip_prefix("arn:") {
            let parts: Vec<&str> = rest.splitn(5, ':').collect();
            let field = |i: usize| {
                parts
                    .get(i)
                    .filter(|s| !s.is_empty())
                    .map(|s| (*s).to_owned())
            };
            let tail = parts.get(4).copied().unwrap_or_default();
            let id = match kind {
                // arn:aws:rds:region:acct:db:name
                ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster => {
                    tail.split(':').nth(1).unwrap_or(tail)
                }
                // arn:aws:ec2:region:acct:instance/i-…; autoscaling keeps its name last
                _ => tail.rsplit(['/', ':']).next().unwrap_or(tail),
            };
            return Resource {
                kind,
                id: id.to_owned(),
                arn: Some(raw.to_owned()),
                region: field(2),
                account: field(3),
                availability_zone: None,
            };
        }
        Resource {
            kind,
            id: raw.to_owned(),
            arn: None,
            region: None,
            account: None,
            availability_zone: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intake_notes_travel_typed_and_a_later_versions_kind_still_reads() {
        let notes = vec![
            IntakeNote::TextCut {
                text: FreeText::RdsMessage,
                chars: 5_000,
                kept: 4_000,
            },
            IntakeNote::NoTime,
        ];
        let json = serde_json::to_value(&notes).unwrap();
        assert_eq!(json[0]["note"], "text_cut");
        assert_eq!(json[0]["text"], "rds_message");
        assert_eq!(json[1], serde_json::json!({"note": "no_time"}));
        let back: Vec<IntakeNote> = serde_json::from_value(json).unwrap();
        assert_eq!(back, notes);
        let later: IntakeNote =
            serde_json::from_value(serde_json::json!({"note": "kept_for_later", "n": 1})).unwrap();
        assert_eq!(later, IntakeNote::Unknown);
        let later_text: IntakeNote = serde_json::from_value(serde_json::json!(
            {"note": "text_cut", "text": "a_later_text", "chars": 9, "kept": 1}
        ))
        .unwrap();
        assert_eq!(
            later_text,
            IntakeNote::TextCut {
                text: FreeText::Unknown,
                chars: 9,
                kept: 1
            }
        );
        // And a fact of a later version, or a later reason of one this version knows.
        use crate::finding::{Evidence, Fact, NotLookedUp};
        let e: Evidence = serde_json::from_value(serde_json::json!(
            {"label": "x", "value": "words", "fact": {"fact": "a_later_fact"}}
        ))
        .unwrap();
        assert_eq!(e.fact, Some(Fact::Unknown));
        let f: Fact = serde_json::from_value(serde_json::json!(
            {"fact": "not_looked_up", "names": ["a"], "why": {"why": "a_later_reason"}}
        ))
        .unwrap();
        assert_eq!(
            f,
            Fact::NotLookedUp {
                names: vec!["a".into()],
                why: NotLookedUp::Unknown
            }
        );
    }

    #[test]
    fn infers_kinds_from_ids_and_arns() {
        let cases = [
            (
                "i-0123456789abcdef0",
                ResourceKind::Ec2Instance,
                "i-0123456789abcdef0",
            ),
            (
                "arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0abc",
                ResourceKind::Ec2Instance,
                "i-0abc",
            ),
            (
                "arn:aws:rds:us-east-1:123456789012:db:orders-db",
                ResourceKind::RdsDbInstance,
                "orders-db",
            ),
            (
                "arn:aws:rds:us-east-1:123456789012:cluster:aurora-1",
                ResourceKind::RdsDbCluster,
                "aurora-1",
            ),
            ("vpn-0a1b2c3d", ResourceKind::VpnConnection, "vpn-0a1b2c3d"),
            ("vol-0abc", ResourceKind::EbsVolume, "vol-0abc"),
            ("orders-db", ResourceKind::Other, "orders-db"),
        ];
        for (raw, kind, id) in cases {
            let r = Resource::from_id(raw, None);
            assert_eq!((r.kind, r.id.as_str()), (kind, id), "{raw}");
        }
        let r = Resource::from_id("arn:aws:rds:us-east-1:123456789012:db:orders-db", None);
        assert_eq!(r.region.as_deref(), Some("us-east-1"));
        assert_eq!(r.account.as_deref(), Some("123456789012"));
    }

    #[test]
    fn service_kind_follows_the_method_table() {
        assert_eq!(
            ResourceKind::Ec2Instance.service_kind(),
            ServiceKind::Unmanaged
        );
        assert_eq!(
            ResourceKind::RdsDbInstance.service_kind(),
            ServiceKind::Managed
        );
    }
}
