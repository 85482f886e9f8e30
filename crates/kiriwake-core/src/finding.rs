//! Findings: what one check observed. A check returns findings; it never decides.
//!
//! The three steps of the method each own a set of [`Check`]s. A finding is the outcome of
//! one check for one resource: normal, abnormal with the [`Symptom`] observed, or
//! unavailable with the reason it could not run. The trigger itself is evidence too:
//! [`trigger_findings`](crate::evidence::trigger_findings) turns what the alarm or event says into findings of the
//! `trigger_event` check, so the decision reads one list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The method's three isolation steps (切り分けでやるべきこと 1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Step 1, in the console: instance status, OS and resources, application logs.
    UserSide,
    /// Step 2, with AWS Support: system status, scheduled events, AWS Health.
    AwsSide,
    /// Step 3: the path outside AWS — VPN, on-premises, the line, the carrier.
    OutsideAws,
}

impl Step {
    /// The three steps, in the method's order.
    pub const ALL: [Step; 3] = [Step::UserSide, Step::AwsSide, Step::OutsideAws];
}

/// Every check kiriwake knows, named as in the method's flowchart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// What the alarm or event itself reports.
    TriggerEvent,
    // Step 1, user side.
    /// EC2's instance status check: the instance's OS, memory, file system, network settings.
    InstanceStatus,
    /// EC2's attached EBS status check: whether its volumes are reachable and complete I/O.
    AttachedEbsStatus,
    /// The RDS DB instance's (or cluster's) status, e.g. `available`, `storage-full`.
    DbInstanceStatus,
    /// CloudWatch metrics of the resource: CPU, memory, disk, storage, connections.
    ResourceUsage,
    /// The instance's OS log groups in CloudWatch Logs, searched for error lines.
    OsLogs,
    /// The application's log groups in CloudWatch Logs, searched for error lines.
    ApplicationLogs,
    /// Siblings in the same group: some servers, or the whole system?
    SiblingResources,
    /// Changes made to the resource and what surrounds it shortly before (CloudTrail): the
    /// method's human error.
    RecentChanges,
    /// A composite alarm's child alarms, read live: which are in ALARM, on what metrics.
    ChildAlarms,
    // Step 2, AWS side.
    /// EC2's system status check: the physical host AWS runs the instance on.
    SystemStatus,
    /// EC2 scheduled events of the instance: retirement, stop, reboot, maintenance.
    ScheduledEvents,
    /// Open and upcoming AWS Health events of the account that name the resource.
    HealthAccountEvents,
    /// Open public AWS Health issues of the resource's service and region (service health).
    HealthPublicEvents,
    // Step 3, outside AWS.
    /// The Site-to-Site VPN connection's tunnels: `UP` or `DOWN`.
    VpnTunnels,
    /// A TCP connect to each configured endpoint outside AWS (on-premises servers).
    EndpointReachability,
}

impl Check {
    /// The step a live check belongs to (the trigger's step depends on what it says).
    pub fn step(self) -> Step {
        match self {
            Check::TriggerEvent
            | Check::InstanceStatus
            | Check::AttachedEbsStatus
            | Check::DbInstanceStatus
            | Check::ResourceUsage
            | Check::OsLogs
            | Check::ApplicationLogs
            | Check::SiblingResources
            | Check::RecentChanges
            | Check::ChildAlarms => Step::UserSide,
            Check::SystemStatus
            | Check::ScheduledEvents
            | Check::HealthAccountEvents
            | Check::HealthPublicEvents => Step::AwsSide,
            Check::VpnTunnels | Check::EndpointReachability => Step::OutsideAws,
        }
    }
}

/// The result of one check on one resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The step it counts for: its check's, or for the trigger, the step of what it reports.
    pub step: Step,
    /// The check that observed it.
    pub check: Check,
    /// The resource checked, when the check is about one.
    pub resource: Option<String>,
    /// Normal, abnormal with the symptom observed, or unavailable with the reason.
    pub outcome: Outcome,
    /// What was observed, as label/value pairs (API fields, metric values, log lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// How long the live check took, in milliseconds, from its step's start (a step's
    /// checks run concurrently, so this includes the calls it waited on); absent when no
    /// check ran (the trigger's own evidence, a step that failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

impl Finding {
    /// A finding of `check` on `resource`, in the check's step, with no evidence yet.
    pub fn new(check: Check, resource: Option<&str>, outcome: Outcome) -> Self {
        Finding {
            step: check.step(),
            check,
            resource: resource.map(str::to_owned),
            outcome,
            evidence: Vec::new(),
            duration_ms: None,
        }
    }

    /// The check found nothing wrong.
    pub fn normal(check: Check, resource: Option<&str>) -> Self {
        Finding::new(check, resource, Outcome::Normal)
    }

    /// The check observed `symptom`.
    pub fn abnormal(check: Check, resource: Option<&str>, symptom: Symptom) -> Self {
        Finding::new(check, resource, Outcome::Abnormal { symptom })
    }

    /// The check could not run: `reason`, with `detail` in the API's or the check's words.
    pub fn unavailable(
        check: Check,
        resource: Option<&str>,
        reason: UnavailableReason,
        detail: impl Into<Detail>,
    ) -> Self {
        Finding::new(
            check,
            resource,
            Outcome::Unavailable {
                reason,
                detail: detail.into(),
            },
        )
    }

    /// Adds one label/value pair to the evidence: the value as read (AWS's text, a name,
    /// a figure) or one of kiriwake's fixed values ([`label`]).
    pub fn with_evidence(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.evidence.push(Evidence::new(label, value));
        self
    }

    /// Adds one label and a value kiriwake composed ([`Fact`]), which each language words.
    pub fn with_fact(mut self, label: impl Into<String>, fact: Fact) -> Self {
        self.evidence.push(Evidence::fact(label, fact));
        self
    }

    /// What was observed, when the outcome is abnormal.
    pub fn symptom(&self) -> Option<&Symptom> {
        match &self.outcome {
            Outcome::Abnormal { symptom } => Some(symptom),
            _ => None,
        }
    }

    /// A live check (not the trigger's own report).
    pub fn is_live(&self) -> bool {
        self.check != Check::TriggerEvent
    }
}

/// One fact a check read, shown under its check in the notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What was read: an API field, a metric, `log groups`, `matching events`…
    pub label: String,
    /// What it said, as text (a [`Fact`] in the default language).
    pub value: String,
    /// What kiriwake composed, when it did: the notification words it in its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<Fact>,
}

impl Evidence {
    /// A label and a value as read.
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Evidence {
        Evidence {
            label: label.into(),
            value: value.into(),
            fact: None,
        }
    }

    /// A label and a value kiriwake composed; its text is the default language's.
    pub fn fact(label: impl Into<String>, fact: Fact) -> Evidence {
        Evidence {
            label: label.into(),
            value: crate::config::Lang::default()
                .words()
                .fact(&fact)
                .unwrap_or_default(),
            fact: Some(fact),
        }
    }
}

/// A value kiriwake composes from what a check read, typed so that each language words it
/// (and none has to read another's sentence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "fact")]
pub enum Fact {
    /// Of the group's `total` servers, these are impaired.
    OfTotal {
        /// How many servers the group has.
        total: u32,
        /// The impaired ones.
        impaired: Vec<String>,
    },
    /// An answer given `ago_s` seconds before for another server of the group, reused for
    /// `valid_s` seconds.
    Reused {
        /// Seconds since the answer.
        ago_s: u64,
        /// For how long an answer is reused.
        valid_s: u64,
    },
    /// An alarm and its state (`ALARM`, `OK`…, as CloudWatch writes it).
    AlarmState {
        /// The alarm's name.
        name: String,
        /// Its state.
        state: String,
    },
    /// No open AWS Health event for these services.
    NoneOpen {
        /// The services asked about.
        services: Vec<String>,
    },
    /// No answer within the time limit.
    NoAnswer {
        /// The limit, in milliseconds.
        ms: u64,
    },
    /// How many log events matched; `cut` when the search stopped at the event cap or the
    /// time limit, so there may be more.
    Matching {
        /// Events that matched.
        count: usize,
        /// Whether the search stopped early.
        cut: bool,
    },
    /// An EC2 status summary: its status and each of its details, as EC2 writes them.
    Ec2Status {
        /// The summary's status (`ok`, `impaired`…); `None` when EC2 did not say.
        status: Option<String>,
        /// Its details.
        details: Vec<Ec2StatusDetail>,
    },
    /// Names CloudTrail was not asked about, and why.
    NotLookedUp {
        /// The names (resource ids).
        names: Vec<String>,
        /// Why not.
        why: NotLookedUp,
    },
    /// A VPN tunnel, by its outside IP address: its state and AWS's message.
    Tunnel {
        /// The tunnel's outside IP address.
        ip: String,
        /// `UP`, `DOWN`, as EC2 writes it; `None` when it did not say.
        status: Option<String>,
        /// EC2's status message, when there is one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// A fact of a later version, which this one does not know: the evidence's `value`
    /// words it.
    #[serde(other)]
    Unknown,
}

/// Why CloudTrail was not asked about some names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "why")]
pub enum NotLookedUp {
    /// The check's time limit came first.
    TimeLimit,
    /// CloudTrail answers two lookups a second: another would not fit in the time limit.
    RateLimit,
    /// A lookup failed.
    Failed {
        /// What the call said.
        error: String,
    },
    /// The check looks up at most this many names.
    AtMost {
        /// The most it looks up.
        names: usize,
    },
    /// A reason of a later version, which this one does not know: the evidence's `value`
    /// words it.
    #[serde(other)]
    Unknown,
}

/// One detail of an EC2 status summary (`reachability failed`, since when).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ec2StatusDetail {
    /// The detail's name (`reachability`).
    pub name: String,
    /// Its status (`passed`, `failed`…).
    pub status: String,
    /// Since when it has been impaired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
}

/// How one check went (serialized with a `status` tag).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Checked: nothing abnormal.
    Normal,
    /// Checked: something abnormal observed.
    Abnormal {
        /// What was observed.
        symptom: Symptom,
    },
    /// Not checked: the notification lists it under "could not check".
    Unavailable {
        /// Why it could not run.
        reason: UnavailableReason,
        /// What went wrong: kiriwake's own words as a typed hint, or the API's text
        /// (empty when there is nothing to add).
        detail: Detail,
    },
}

/// What a check that could not run has to add to its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Detail {
    /// kiriwake's own words, typed: each notification words it in its language.
    Known(Hint),
    /// Text as it came: an AWS error code and message, an SDK's error, a step's `Cause`.
    Text(String),
}

impl Detail {
    /// Nothing to add.
    pub fn is_empty(&self) -> bool {
        matches!(self, Detail::Text(t) if t.is_empty())
    }
}

impl From<String> for Detail {
    fn from(text: String) -> Self {
        Detail::Text(text)
    }
}

impl From<&str> for Detail {
    fn from(text: &str) -> Self {
        Detail::Text(text.to_owned())
    }
}

impl From<Hint> for Detail {
    fn from(hint: Hint) -> Self {
        Detail::Known(hint)
    }
}

/// Why a check could not run, in kiriwake's words (the settings to set, what was missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "hint", rename_all = "snake_case")]
pub enum Hint {
    /// No log group to read: none configured and none chosen by the resource's tags.
    NoLogGroups,
    /// `KIRIWAKE_LOG_STREAM_PATTERN` names nothing the resource fills in.
    LogStreamPatternEmpty,
    /// None of the log groups to read exists.
    LogGroupsNotFound {
        /// The log groups asked for.
        groups: Vec<String>,
    },
    /// The log groups have no stream of this resource.
    NoLogStream {
        /// The resource whose streams were looked for.
        resource: String,
        /// The start of its streams' names.
        prefix: String,
        /// The log groups searched.
        groups: Vec<String>,
    },
    /// CloudWatch returned no datapoint in the incident's window.
    NoDatapoints,
    /// The composite alarm's rule names no alarm.
    CompositeNamesNoAlarm,
    /// None of the composite alarm's child alarms exists.
    NoChildAlarm {
        /// The alarms its rule names.
        alarms: Vec<String>,
    },
    /// Neither the group tag nor an Auto Scaling group says which servers are siblings.
    NoGroup {
        /// The tag looked for (`GroupTag`).
        tag: String,
    },
    /// The AWS Health API needs Business, Enterprise On-Ramp or Enterprise support.
    HealthNeedsSubscription,
    /// No VPN connection on the resource's VPC and none configured.
    NoVpn,
    /// No endpoint to probe is configured.
    NoEndpoints,
    /// The check ran and returned nothing for this resource.
    NoResult,
    /// The instance is not known to EC2 (terminated long ago, another account or region).
    InstanceNotFound,
    /// No answer within the check's time limit.
    NoAnswerWithin {
        /// The limit, in milliseconds.
        ms: u64,
    },
    /// The SDK's own timeout ended the call.
    SdkTimedOut,
    /// No AWS credentials the SDK could use.
    NoCredentials {
        /// The SDK's error, as it reported it.
        error: String,
    },
    /// The AWS endpoint could not be reached.
    Unreachable {
        /// The SDK's error, as it reported it.
        error: String,
    },
    /// The endpoint answered with something that is not this service's response.
    NotThisService {
        /// The HTTP status it answered with.
        status: Option<u16>,
    },
    /// The step's function did not report (the state machine passed no result).
    StepDidNotReport,
    /// A log check failed after tags chose log groups outside `KIRIWAKE_LOG_GROUP_PREFIX`,
    /// which it did not read.
    IgnoredLogGroups {
        /// Why the check failed.
        cause: Box<Detail>,
        /// The log groups it did not read, their tag and the prefix.
        ignored: String,
    },
    /// A database RDS does not know (deleted, another account or region).
    DbNotFound {
        /// Whether it is an Aurora cluster (else a DB instance).
        cluster: bool,
        /// Its identifier.
        id: String,
    },
    /// The step's function failed.
    StepFailed {
        /// Step Functions' `Error: Cause`, as it reported it.
        error: String,
    },
}

/// Why a check could not run. The notification lists every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnavailableReason {
    /// Not attempted (offline run, or not applicable to this trigger).
    NotRun,
    /// AWS refused the call: a permission the role lacks, or no valid credentials.
    AccessDenied,
    /// The AWS Health API needs Business, Enterprise On-Ramp or Enterprise support.
    SubscriptionRequired,
    /// AWS throttled the call (its request rate was exceeded).
    Throttled,
    /// The call did not answer within the check's time limit.
    Timeout,
    /// Nothing to check was configured (no log groups, no VPN, no endpoints).
    NotConfigured,
    /// The alarm is in INSUFFICIENT_DATA: its metric stopped reporting, so nothing says
    /// whether the resource is well.
    NoData,
    /// Any other failure: an API error, a resource not found, an answer that could not be read.
    Error,
}

/// What an abnormal check observed. Observations, not verdicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Symptom {
    /// EC2 system status check failed (the physical host: network, power, hardware,
    /// host software).
    SystemStatusImpaired {
        /// When it began failing, as EC2 reports it (`ImpairedSince`); `None` from an alarm.
        since: Option<DateTime<Utc>>,
    },
    /// EC2 instance status check failed (network or startup configuration, memory,
    /// file system, kernel).
    InstanceStatusImpaired {
        /// When it began failing, as EC2 reports it (`ImpairedSince`); `None` from an alarm.
        since: Option<DateTime<Utc>>,
    },
    /// EC2 attached EBS status check failed (storage subsystem, host reachability to EBS).
    AttachedEbsImpaired {
        /// When it began failing, as EC2 reports it (`ImpairedSince`); `None` from an alarm.
        since: Option<DateTime<Utc>>,
    },
    /// The combined `StatusCheckFailed` metric: system or instance, not known which.
    StatusCheckFailed,
    /// An EC2 scheduled event (`instance-retirement`, `system-reboot`, …).
    ScheduledEvent {
        /// The event code, e.g. `instance-retirement`, `system-reboot`, `system-maintenance`.
        code: String,
        /// AWS's description of the event, when it gives one.
        description: Option<String>,
        /// The earliest time AWS will act (`NotBefore`), when given.
        not_before: Option<DateTime<Utc>>,
    },
    /// An RDS DB instance status that needs action.
    DbStatus {
        /// The status, as RDS reports it.
        status: DbStatus,
    },
    /// An RDS Multi-AZ failover.
    DbFailover {
        /// The event's message, as RDS wrote it.
        message: String,
    },
    /// A resource over its threshold (CPU, memory, disk, storage, connections…).
    ResourcePressure {
        /// The metric: its name, or the live check's label for it.
        metric: String,
        /// What the metric measures: CPU, memory, disk…
        resource_class: ResourceClass,
        /// The worst value in the window (from an alarm, its latest datapoint), when known.
        value: Option<f64>,
        /// The threshold it crossed, when known.
        threshold: Option<f64>,
    },
    /// Error lines in OS or application logs (which, by the check).
    LogErrors {
        /// Matching log events found (each counted once).
        count: u64,
        /// A few of the matching lines, secrets masked.
        samples: Vec<String>,
    },
    /// An application-level error metric (5xx, function errors, a log metric filter).
    ApplicationErrors {
        /// The metric in alarm, with its namespace (`AWS/Lambda Errors`).
        metric: String,
    },
    /// Load balancer targets failing health checks.
    UnhealthyTargets {
        /// The metric in alarm (`UnHealthyHostCount` or `HealthyHostCount`).
        metric: String,
    },
    /// An AWS Health event touching the resource, its service or its region.
    HealthEvent(HealthEventSymptom),
    /// AWS reports abuse from the resource (a compromised host, usually).
    AbuseReported {
        /// The AWS Health event type code of the abuse report.
        type_code: String,
    },
    /// AWS reports a risk to the account's security (`AWS_RISK_*`, e.g. exposed access keys).
    SecurityRisk {
        /// The AWS Health event type code, e.g. `AWS_RISK_CREDENTIALS_EXPOSED`.
        type_code: String,
    },
    /// The alarm breached because its metric stopped arriving (missing data treated as
    /// breaching): the source is stopped, or whatever publishes the metric died.
    MetricStoppedReporting {
        /// The metric (or metrics, comma-separated) that stopped arriving.
        metric: String,
    },
    /// A metric crossed its threshold the harmless way for a fault (CPU fell, traffic
    /// dropped): the load went away — a stopped workload, or traffic that no longer arrives.
    LoadDropped {
        /// The metric that fell.
        metric: String,
    },
    /// A metric-math alarm over metrics that point to different causes (`metrics`): the
    /// expression alone names none; the live checks decide.
    MixedSignals {
        /// The alarm's metric-math expression.
        expression: String,
        /// The metrics it reads, each with its namespace.
        metrics: Vec<String>,
    },
    /// Changes someone (or an automation) made shortly before the incident, newest first.
    RecentChanges {
        /// The changes CloudTrail recorded, newest first.
        changes: Vec<Change>,
    },
    /// Something approaches a limit (storage, burst credits): nothing is broken yet.
    ApproachingLimit {
        /// What approaches its limit, in the event's own words.
        what: String,
    },
    /// An RDS event read by its documented event ID, when no more specific symptom
    /// (a DB status, a failover) names it.
    RdsEvent {
        /// The RDS event ID, e.g. `RDS-EVENT-0031`, when the event carries one.
        event_id: Option<String>,
        /// What the RDS documentation says the event means.
        meaning: RdsMeaning,
        /// The event's message, as RDS wrote it.
        message: String,
    },
    /// Site-to-Site VPN tunnels down.
    VpnTunnelsDown {
        /// The VPN connection (`vpn-…`).
        vpn_id: String,
        /// Tunnels down (0 with `total` 0: an alarm on the tunnel state, counts not known).
        down: u32,
        /// Tunnels of the connection (0: not known).
        total: u32,
    },
    /// Direct Connect connection down.
    DirectConnectDown {
        /// The Direct Connect connection (`dxcon-…`).
        connection_id: String,
    },
    /// An endpoint outside AWS did not answer a TCP connect.
    EndpointUnreachable {
        /// The endpoint, as configured (`host:port`).
        endpoint: String,
    },
    /// The instance left `running` (stopping, stopped, shutting-down, terminated).
    InstanceStopped {
        /// The state it entered, as EC2 names it.
        state: String,
    },
    /// Siblings impaired too: `impaired` of `total` in `group`.
    SiblingsImpaired {
        /// The group, as `tag=value` (the group tag, or the Auto Scaling group's).
        group: String,
        /// Running and failing a status check.
        impaired: u32,
        /// Servers in the group, stopped ones included.
        total: u32,
        /// Stopped or stopping: not impaired, and not counted as running.
        #[serde(default)]
        stopped: u32,
        /// The one Availability Zone every impaired server is in, when servers of the group
        /// elsewhere are healthy: the fault follows the zone.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        zone: Option<String>,
    },
    /// A signal kiriwake has no rule for (an unknown metric, a composite rule, an RDS
    /// event it cannot map), kept so a person can read it.
    Unclassified {
        /// What the signal was.
        #[serde(flatten)]
        signal: Signal,
    },
}

/// What a signal without a rule was, for the words of each language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum Signal {
    /// A composite alarm's rule, and the alarms that set it off (when CloudWatch said).
    CompositeAlarm {
        /// The composite alarm's rule, e.g. `ALARM(cpu) OR ALARM(errors)`.
        rule: String,
        /// The child alarms that set it off.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        triggered_by: Vec<String>,
    },
    /// An alarm on metrics kiriwake has no rule for (none named: the metric is unknown).
    Alarm {
        /// The alarm's name.
        alarm: String,
        /// The metrics it watches, by namespace and name or expression.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        metrics: Vec<String>,
    },
    /// An RDS event kiriwake cannot map, with RDS's own message.
    RdsEvent {
        /// The RDS event ID, when the event carries one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        event_id: Option<String>,
        /// The event's message, as RDS wrote it.
        message: String,
    },
}

impl Symptom {
    /// The method's step where this symptom lives.
    pub fn step(&self) -> Step {
        match self {
            Symptom::SystemStatusImpaired { .. }
            | Symptom::AttachedEbsImpaired { .. }
            | Symptom::ScheduledEvent { .. }
            | Symptom::DbFailover { .. }
            | Symptom::HealthEvent(_)
            | Symptom::RdsEvent {
                meaning: RdsMeaning::AwsFault | RdsMeaning::Maintenance,
                ..
            } => Step::AwsSide,
            Symptom::VpnTunnelsDown { .. }
            | Symptom::DirectConnectDown { .. }
            | Symptom::EndpointUnreachable { .. } => Step::OutsideAws,
            _ => Step::UserSide,
        }
    }
}

/// One change CloudTrail recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The API call, e.g. `AuthorizeSecurityGroupIngress`, `StopInstances`.
    pub event: String,
    /// Who made it (the user or role name CloudTrail records).
    pub by: Option<String>,
    /// When the call was made.
    pub at: DateTime<Utc>,
    /// The resource it changed (the incident's, or one around it: its security group…).
    pub resource: String,
    /// A deployment of code (a function's code, a deployment, a task definition).
    pub deployment: bool,
}

/// What the RDS documentation says an event means (see `rds_events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RdsMeaning {
    /// A fault of the managed layers: AWS's.
    AwsFault,
    /// A fault of what the customer owns: storage, parameters, networks, keys, roles.
    CustomerFault,
    /// Maintenance AWS schedules or performs.
    Maintenance,
    /// A change made in the account (stopped, modified, deleted, rebooted on request).
    Change,
    /// Information (backups, snapshots, creations).
    Info,
}

/// An AWS Health event, as the trigger or a Health check reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthEventSymptom {
    /// The event's ARN: what AWS Support and the Health console know it by.
    pub event_arn: String,
    /// The event type code, e.g. `AWS_EC2_OPERATIONAL_ISSUE`.
    pub type_code: String,
    /// The AWS service it concerns, as Health names it (`EC2`, `RDS`…).
    pub service: String,
    /// Issue, account notification, scheduled change or investigation.
    pub category: crate::incident::HealthCategory,
    /// Open, upcoming or closed.
    pub status: crate::incident::HealthStatus,
    /// A public event (the region's service health), not one naming the account's resources.
    pub public: bool,
    /// When it began, or for an upcoming event when AWS will act.
    pub start_time: Option<DateTime<Utc>>,
}

/// What a resource metric measures: which resource is under pressure or ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceClass {
    /// CPU: utilization and credits.
    Cpu,
    /// Memory and swap.
    Memory,
    /// An instance's file systems (CloudWatch agent disk metrics).
    Disk,
    /// A database's storage: free space, local storage, transaction logs.
    Storage,
    /// Database connections.
    Connections,
    /// Network traffic: how hard it works, not what ran out.
    Network,
    /// Disk and volume I/O: operations, latency, queue depth, burst balance.
    Io,
}

/// RDS DB instance statuses from the method and the RDS user guide.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DbStatus {
    /// Data recovery needed: point-in-time restore.
    Failed,
    /// The instance's IP address cannot be obtained (no free IPs in the subnet, …).
    IncompatibleNetwork,
    /// Storage exhausted: modify the instance to extend storage.
    StorageFull,
    /// The parameter group has values the instance cannot start with.
    IncompatibleParameters,
    /// A point-in-time restore could not complete.
    IncompatibleRestore,
    /// The KMS key is disabled or deleted.
    InaccessibleEncryptionCredentials,
    /// The KMS key is unreachable; re-enable it within 7 days.
    InaccessibleEncryptionCredentialsRecoverable,
    /// Not a fault: storage is being optimized after a modification.
    StorageOptimization,
    /// Any other status, as RDS writes it.
    #[serde(untagged)]
    Other(String),
}

impl DbStatus {
    /// The status RDS writes (`storage-full`); one not listed here is kept as `Other`.
    pub fn parse(raw: &str) -> DbStatus {
        match raw {
            "failed" => DbStatus::Failed,
            "incompatible-network" => DbStatus::IncompatibleNetwork,
            "storage-full" => DbStatus::StorageFull,
            "incompatible-parameters" => DbStatus::IncompatibleParameters,
            "incompatible-restore" => DbStatus::IncompatibleRestore,
            "inaccessible-encryption-credentials" => DbStatus::InaccessibleEncryptionCredentials,
            "inaccessible-encryption-credentials-recoverable" => {
                DbStatus::InaccessibleEncryptionCredentialsRecoverable
            }
            "storage-optimization" => DbStatus::StorageOptimization,
            other => DbStatus::Other(other.to_owned()),
        }
    }

    /// The status as RDS writes it.
    pub fn as_str(&self) -> &str {
        match self {
            DbStatus::Failed => "failed",
            DbStatus::IncompatibleNetwork => "incompatible-network",
            DbStatus::StorageFull => "storage-full",
            DbStatus::IncompatibleParameters => "incompatible-parameters",
            DbStatus::IncompatibleRestore => "incompatible-restore",
            DbStatus::InaccessibleEncryptionCredentials => "inaccessible-encryption-credentials",
            DbStatus::InaccessibleEncryptionCredentialsRecoverable => {
                "inaccessible-encryption-credentials-recoverable"
            }
            DbStatus::StorageOptimization => "storage-optimization",
            DbStatus::Other(s) => s,
        }
    }

    /// Statuses that need someone to act (the rest are transitions or healthy).
    pub fn needs_action(&self) -> bool {
        !matches!(self, DbStatus::StorageOptimization | DbStatus::Other(_))
    }
}

/// The evidence labels and values the live checks write, named once: the checks write them
/// with these, and the notification words them per language (`FindingWords::evidence`),
/// so neither side can drift from the other. AWS's own field names (`InstanceStatus`,
/// `NotBefore`, …) are written as AWS names them and need no entry here.
pub mod label {
    /// The trigger's own line (the trigger event's finding).
    pub const EVENT: &str = "event";
    /// The alarm's state reason, as CloudWatch wrote it.
    pub const ALARM_REASON: &str = "alarm reason";
    /// The group a server's siblings were found by (`System=shop`).
    pub const GROUP: &str = "group";
    /// How many of the group's servers are impaired, and which ([`Fact::OfTotal`](super::Fact::OfTotal)).
    pub const IMPAIRED: &str = "impaired";
    /// The group's stopped servers.
    pub const STOPPED: &str = "stopped";
    /// A sibling answer reused from another server's check ([`Fact::Reused`](super::Fact::Reused)).
    pub const ANSWERED: &str = "answered";
    /// What CloudTrail was asked about.
    pub const LOOKED_UP: &str = "looked up";
    /// The time window read.
    pub const WINDOW: &str = "window";
    /// How many changes CloudTrail returned.
    pub const CHANGES: &str = "changes";
    /// The log groups searched.
    pub const LOG_GROUPS: &str = "log groups";
    /// The terms searched for.
    pub const TERMS: &str = "terms";
    /// How many log events matched ([`Fact::Matching`](super::Fact::Matching)).
    pub const MATCHING_EVENTS: &str = "matching events";
    /// The start of the resource's log streams' names.
    pub const LOG_STREAMS: &str = "log streams";
    /// Log groups, or child alarms, that do not exist.
    pub const NOT_FOUND: &str = "not found";
    /// Log groups without a stream of this resource.
    pub const NO_STREAM: &str = "no stream of this resource";
    /// A matching log line.
    pub const EXCERPT: &str = "excerpt";
    /// Tag-chosen log groups outside `KIRIWAKE_LOG_GROUP_PREFIX`, not read.
    pub const LOG_GROUPS_IGNORED: &str = "log groups ignored";
    /// A child alarm's state ([`Fact::AlarmState`](super::Fact::AlarmState)).
    pub const CHILD_ALARM: &str = "child alarm";
    /// A child composite alarm's state ([`Fact::AlarmState`](super::Fact::AlarmState)).
    pub const CHILD_COMPOSITE_ALARM: &str = "child composite alarm";
    /// The open AWS Health events ([`Fact::NoneOpen`](super::Fact::NoneOpen) when there are none).
    pub const OPEN_EVENTS: &str = "open events";
    /// AWS Health's description of an event (AWS's text).
    pub const DESCRIPTION: &str = "description";
    /// A probe's error ([`Fact::NoAnswer`](super::Fact::NoAnswer), or the OS's words).
    pub const ERROR: &str = "error";
    /// How long a probe's connection took.
    pub const CONNECTED_IN: &str = "connected in";
    /// Names CloudTrail was not asked about ([`Fact::NotLookedUp`](super::Fact::NotLookedUp)).
    pub const NOT_LOOKED_UP: &str = "not looked up";
    /// A VPN tunnel ([`Fact::Tunnel`](super::Fact::Tunnel)).
    pub const TUNNEL: &str = "tunnel";

    /// A status summary EC2 did not return.
    pub const ABSENT: &str = "absent";
    /// A value AWS did not say.
    pub const UNKNOWN: &str = "unknown";
    /// No scheduled event for the instance.
    pub const NONE_SCHEDULED: &str = "none scheduled";
    /// A metric the resource does not publish.
    pub const NO_DATAPOINTS: &str = "no datapoints (not published)";
}
