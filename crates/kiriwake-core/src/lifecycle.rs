//! An incident's life: which outage a trigger belongs to, and what to tell people about it.
//!
//! One outage trips many alarms. Each trigger is still isolated on its own (its findings are
//! evidence), but people hear about the outage: an *opening* notification for the first
//! trigger, an *update* only when the picture changes (verdict, scope, a new kind of
//! resource, an AWS-side cause), at most one per [`LifeConfig::update_interval`], and one
//! *recovered* notification when every member is back to normal.
//!
//! Everything here is pure: the store (DynamoDB) reads the records a trigger links to,
//! calls [`choose`] and [`absorb`] (or [`flush`]), and writes the result back on the
//! condition that nobody changed it meanwhile.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::classification::Classification;
use crate::decision::{Scope, Verdict};
use crate::finding::{Check, Symptom};
use crate::incident::{AlarmState, ResourceKind, Trigger, ec2_state_is_final};
use crate::responsibility::Party;

/// How long after its latest trigger an incident takes in new ones, by default.
pub const DEFAULT_WINDOW_MINUTES: i64 = 15;
/// The least time between two updates of one incident, by default.
pub const DEFAULT_UPDATE_MINUTES: i64 = 5;
/// Members an incident record keeps in full (DynamoDB items hold 400 KB); beyond them only
/// each member's state is kept ([`MAX_OTHERS`]).
pub const MAX_MEMBERS: usize = 100;
/// Members beyond [`MAX_MEMBERS`] whose state (failing or not) is still kept, by a hash of
/// their key; beyond these they are only counted.
pub const MAX_OTHERS: usize = 2_000;
/// Resources a member keeps (its links keep up to [`MAX_LINKS`]).
pub const MAX_MEMBER_RESOURCES: usize = 5;
/// Characters of a member's headline kept.
pub const MAX_HEADLINE_CHARS: usize = 200;
/// How long after its time a deferred update may be taken over by another trigger (its
/// execution may have died).
pub const FLUSH_GRACE_MINUTES: i64 = 10;
/// Links one trigger is looked up by (its resources beyond these link through its group).
pub const MAX_LINKS: usize = 20;
/// Lines of "joined since the last notification" an update lists; more are counted.
pub const MAX_JOINED_LINES: usize = 20;

/// The incident life's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LifeConfig {
    /// A trigger joins an open incident whose latest trigger came at most this long ago.
    pub window: Duration,
    /// At most one update per incident per this interval.
    pub update_interval: Duration,
}

impl Default for LifeConfig {
    fn default() -> Self {
        LifeConfig {
            window: Duration::minutes(DEFAULT_WINDOW_MINUTES),
            update_interval: Duration::minutes(DEFAULT_UPDATE_MINUTES),
        }
    }
}

/// What ties the triggers of one outage together.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum Link {
    /// The same alarm, Health event, instance or DB source (a member fires or recovers).
    Member(String),
    /// The same resource.
    Resource(String),
    /// The same group of servers: the group tag's value, or the Auto Scaling group.
    Group(String),
    /// The same AWS Health event (the trigger itself, or one found covering the resource).
    HealthEvent(String),
}

impl Link {
    /// The link as the store's key: `link#<by>#<value>`.
    pub fn key(&self) -> String {
        let (by, value) = match self {
            Link::Member(v) => ("member", v),
            Link::Resource(v) => ("resource", v),
            Link::Group(v) => ("group", v),
            Link::HealthEvent(v) => ("health", v),
        };
        format!("link#{by}#{}", crate::intake::bounded_key(value))
    }
}

/// The links of a classified trigger: the trigger itself, its resources, its group (from
/// the sibling check), and every AWS Health event found on it.
pub fn links(c: &Classification) -> Vec<Link> {
    let mut out = BTreeSet::new();
    out.insert(Link::Member(member_key(c)));
    if let Trigger::Health(h) = &c.incident.trigger {
        out.insert(Link::HealthEvent(h.event_arn.clone()));
    }
    for f in &c.findings {
        match f.symptom() {
            Some(Symptom::HealthEvent(h)) => {
                out.insert(Link::HealthEvent(h.event_arn.clone()));
            }
            Some(Symptom::SiblingsImpaired { group, .. }) => {
                out.insert(Link::Group(group.clone()));
            }
            _ => {}
        }
        if f.check == Check::SiblingResources
            && let Some(group) = f.evidence.iter().find(|e| e.label == "group")
        {
            out.insert(Link::Group(group.value.clone()));
        }
    }
    for r in &c.incident.resources {
        if r.kind == ResourceKind::AutoScalingGroup {
            out.insert(Link::Group(format!("aws:autoscaling:groupName={}", r.id)));
        }
    }
    let mut out: Vec<Link> = out.into_iter().collect();
    // Resources last, so the cap drops resources (their group still links them).
    out.extend(
        c.incident
            .resources
            .iter()
            .map(|r| Link::Resource(r.id.clone())),
    );
    out.dedup();
    out.truncate(MAX_LINKS);
    out
}

/// Who a trigger speaks for: the same alarm (on every state), Health event, instance, DB
/// source; a manual request is its own.
fn member_key(c: &Classification) -> String {
    let i = &c.incident;
    match &i.trigger {
        Trigger::Alarm(a) => format!(
            "alarm:{}",
            a.alarm_arn
                .as_deref()
                .map(|arn| arn.split_whitespace().collect::<String>())
                .unwrap_or_else(|| a.alarm_name.clone())
        ),
        Trigger::Health(h) => format!("health:{}", h.event_arn),
        Trigger::Ec2State(_) | Trigger::RdsEvent(_) => format!(
            "{}:{}",
            i.trigger.kind_name(),
            i.resource_ids().first().copied().unwrap_or(&i.id)
        ),
        Trigger::Manual(_) => format!("manual:{}", i.id),
    }
}

/// One trigger's part in an incident: the latest word of its member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Who it speaks for: `alarm:<ARN>`, `health:<ARN>`, `ec2_state:<id>`, `manual:<id>`…
    pub key: String,
    /// Still failing (whatever the verdict but `recovered`), or back to normal.
    pub firing: bool,
    /// No longer reporting: the instance terminated, or the alarm has no data. Its word is
    /// not "failing" for an incident it already belongs to (an Auto Scaling group that
    /// replaced a bad server still lets the incident close).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
    /// When the trigger says its word became true (an alarm's state time, else the event's
    /// time): an older word than the member's latest changes nothing.
    pub observed: DateTime<Utc>,
    /// Its isolation's verdict.
    pub verdict: Verdict,
    /// Its isolation's scope.
    pub scope: Scope,
    /// Who must act, by its isolation.
    pub responsible: Party,
    /// The resources it names (at most [`MAX_MEMBER_RESOURCES`]).
    pub resources: Vec<String>,
    /// The kinds of every resource it names.
    pub kinds: BTreeSet<ResourceKind>,
    /// The classification's headline, for "joined since".
    pub headline: String,
    /// When its isolation reported it.
    pub at: DateTime<Utc>,
    /// The isolation (execution) that reported it.
    pub execution: String,
    /// A recovery that was never a fault (an alarm leaving INSUFFICIENT_DATA for OK).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub noise: bool,
}

/// The member a classification speaks for, reported by `execution`.
pub fn member_of(c: &Classification, execution: &str, now: DateTime<Utc>) -> Member {
    // What the isolation concluded, not what the trigger says: an alarm back to OK while a
    // live check still finds the fault is still failing; an alarm without data is not a
    // recovery.
    let firing = c.verdict != Verdict::Recovered;
    let noise = !firing
        && matches!(&c.incident.trigger, Trigger::Alarm(a)
            if a.previous_state.as_ref().is_none_or(|p| *p == AlarmState::InsufficientData));
    let gone = match &c.incident.trigger {
        Trigger::Alarm(a) => a.state == AlarmState::InsufficientData,
        Trigger::Ec2State(e) => ec2_state_is_final(&e.state),
        _ => false,
    };
    let observed = match &c.incident.trigger {
        Trigger::Alarm(_) => c.incident.started_at,
        _ => c.incident.received_at,
    };
    Member {
        key: member_key(c),
        firing,
        gone,
        observed,
        verdict: c.verdict,
        scope: c.scope,
        responsible: c.responsible,
        resources: c
            .incident
            .resources
            .iter()
            .map(|r| r.id.clone())
            .take(MAX_MEMBER_RESOURCES)
            .collect(),
        kinds: c.incident.resources.iter().map(|r| r.kind).collect(),
        headline: crate::render::truncate_chars(&c.headline, MAX_HEADLINE_CHARS),
        at: now,
        execution: execution.to_owned(),
        noise,
    }
}

/// What the incident says, as people last heard it or would hear it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picture {
    /// AWS side if a firing member found it, else the verdict most firing members share;
    /// `recovered` once none fires.
    pub verdict: Verdict,
    /// The widest scope of the firing members (at least part of the group for two resources).
    pub scope: Scope,
    /// Who must act, as the member the verdict comes from says.
    pub responsible: Party,
    /// Every kind of resource among the members.
    pub kinds: BTreeSet<ResourceKind>,
    /// How many resources are affected (firing members' resources).
    pub resources: usize,
}

impl Picture {
    /// What changed that people must hear: the verdict or who must act, a wider scope, a
    /// new kind of resource, twice as many failing resources (and three more at least).
    /// A few more of the same is not news, nor is a narrower scope while members recover
    /// (the recovery notification tells the end).
    pub fn differs_from(&self, before: &Picture) -> bool {
        self.verdict != before.verdict
            || breadth(self.scope) > breadth(before.scope)
            || self.responsible != before.responsible
            || !self.kinds.is_subset(&before.kinds)
            || (self.resources >= 2 * before.resources && self.resources >= before.resources + 3)
    }
}

/// A deferred update: the execution that sends it, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flush {
    /// The execution that promised to send it.
    pub execution: String,
    /// When it is due: the end of the update interval.
    pub at: DateTime<Utc>,
}

/// An incident as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentRecord {
    /// Short, for people: `kw-` and twelve hex digits.
    pub id: String,
    /// When its first trigger was isolated.
    pub opened_at: DateTime<Utc>,
    /// The latest trigger that joined (the window counts from it).
    pub last_trigger_at: DateTime<Utc>,
    /// Closed when every member recovered; a closed incident takes no new triggers.
    pub closed_at: Option<DateTime<Utc>>,
    /// Each member's latest word, by member key (at most [`MAX_MEMBERS`]).
    pub members: BTreeMap<String, Member>,
    /// Members beyond [`MAX_MEMBERS`]: whether each is failing, by a hash of its key (at
    /// most [`MAX_OTHERS`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub others: BTreeMap<String, bool>,
    /// Members beyond those, counted only.
    #[serde(default)]
    pub members_omitted: usize,
    /// Triggers that joined, duplicates of a member included.
    pub triggers: u64,
    /// Whether the incident was opened with a notification (a lone recovery is not).
    pub announced: bool,
    /// What the latest notification said.
    pub notified: Option<Picture>,
    /// When the latest notification went out.
    pub last_notice_at: Option<DateTime<Utc>>,
    /// Updates sent so far.
    pub updates: u32,
    /// Headlines that joined since the latest notification (at most [`MAX_JOINED_LINES`]).
    #[serde(default)]
    pub joined_since: Vec<String>,
    /// Headlines that joined since beyond those kept, counted only.
    #[serde(default)]
    pub joined_since_omitted: usize,
    /// The deferred update promised, if any: who sends it, and when.
    pub pending_flush: Option<Flush>,
}

/// The incident id for an incident opened by `execution`: 48 bits of its hash, so two
/// incidents within the store's week collide with a chance of about 1 in 10^8 at 100,000.
pub fn incident_id(execution: &str) -> String {
    format!(
        "kw-{:012x}",
        crate::intake::fnv1a(execution.as_bytes()) >> 16
    )
}

impl IncidentRecord {
    fn new(member: &Member) -> Self {
        IncidentRecord {
            id: incident_id(&member.execution),
            opened_at: member.at,
            last_trigger_at: member.at,
            closed_at: None,
            members: BTreeMap::new(),
            others: BTreeMap::new(),
            members_omitted: 0,
            triggers: 0,
            announced: false,
            notified: None,
            last_notice_at: None,
            updates: 0,
            joined_since: Vec::new(),
            joined_since_omitted: 0,
            pending_flush: None,
        }
    }

    /// Not closed: some member still fails, and new triggers may join.
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Members still failing (those kept in full and the others).
    pub fn firing(&self) -> usize {
        self.members.values().filter(|m| m.firing).count()
            + self.others.values().filter(|f| **f).count()
    }

    /// Members, however kept.
    pub fn member_count(&self) -> usize {
        self.members.len() + self.others.len() + self.members_omitted
    }

    /// Takes a member's latest word: in full, by its state only, or counted. A word older
    /// than the one held changes nothing (`false`); a member that is gone is not failing
    /// once it belongs to the incident.
    fn take(&mut self, mut member: Member) -> bool {
        if let Some(held) = self.members.get(&member.key) {
            if member.observed < held.observed {
                return false;
            }
            member.firing &= !member.gone;
            self.members.insert(member.key.clone(), member);
            return true;
        }
        let hashed = format!("{:016x}", crate::intake::fnv1a(member.key.as_bytes()));
        if self.members.len() < MAX_MEMBERS && !self.others.contains_key(&hashed) {
            self.members.insert(member.key.clone(), member);
        } else if let Some(firing) = self.others.get_mut(&hashed) {
            *firing = member.firing && !member.gone;
        } else if self.others.len() < MAX_OTHERS {
            self.others.insert(hashed, member.firing);
        } else {
            self.members_omitted += 1;
        }
        true
    }

    /// The incident's picture now, over every member: the verdict of an AWS-side cause if
    /// any member found one (it explains the others), else the one most firing members
    /// share (the latest breaks a tie); the widest scope, and at least "part of the group"
    /// once two resources fail together.
    pub fn picture(&self) -> Picture {
        let firing: Vec<&Member> = self.members.values().filter(|m| m.firing).collect();
        let firing_others = self.others.values().filter(|f| **f).count();
        if firing.is_empty() {
            return Picture {
                verdict: Verdict::Recovered,
                scope: self
                    .members
                    .values()
                    .map(|m| m.scope)
                    .max_by_key(|s| breadth(*s))
                    .unwrap_or(Scope::Unknown),
                responsible: Party::Unknown,
                kinds: self.kinds(),
                resources: 0,
            };
        }
        let lead = firing
            .iter()
            .filter(|m| m.verdict == Verdict::AwsSide)
            .max_by_key(|m| m.at)
            .or_else(|| {
                let mut count: BTreeMap<Verdict, (usize, DateTime<Utc>)> = BTreeMap::new();
                for m in &firing {
                    let e = count.entry(m.verdict).or_insert((0, m.at));
                    e.0 += 1;
                    e.1 = e.1.max(m.at);
                }
                let (verdict, _) = count.into_iter().max_by_key(|(_, v)| *v)?;
                firing
                    .iter()
                    .filter(|m| m.verdict == verdict)
                    .max_by_key(|m| m.at)
            })
            .copied();
        let resources: BTreeSet<&str> = firing
            .iter()
            .flat_map(|m| m.resources.iter().map(String::as_str))
            .collect();
        let widest = firing
            .iter()
            .map(|m| m.scope)
            .max_by_key(|s| breadth(*s))
            .unwrap_or(Scope::Unknown);
        let resources = resources.len() + firing_others;
        let scope = if resources > 1 && breadth(widest) < breadth(Scope::PartOfGroup) {
            Scope::PartOfGroup
        } else {
            widest
        };
        Picture {
            verdict: lead.map_or(Verdict::Inconclusive, |m| m.verdict),
            scope,
            responsible: lead.map_or(Party::Unknown, |m| m.responsible),
            kinds: self.kinds(),
            resources,
        }
    }

    fn kinds(&self) -> BTreeSet<ResourceKind> {
        self.members
            .values()
            .flat_map(|m| m.kinds.iter().copied())
            .collect()
    }

    fn note_joined(&mut self, headline: &str) {
        if self.joined_since.len() < MAX_JOINED_LINES {
            self.joined_since.push(headline.to_owned());
        } else {
            self.joined_since_omitted += 1;
        }
    }

    /// Marks a notification of the current picture as sent now; "joined since" restarts.
    fn noticed(&mut self, now: DateTime<Utc>) -> Vec<String> {
        self.notified = Some(self.picture());
        self.last_notice_at = Some(now);
        self.joined_since_omitted = 0;
        std::mem::take(&mut self.joined_since)
    }
}

/// How wide a scope is, for "the widest".
fn breadth(s: Scope) -> u8 {
    match s {
        Scope::Unknown => 0,
        Scope::OneResource => 1,
        Scope::PartOfGroup => 2,
        Scope::AvailabilityZone => 3,
        Scope::WholeSystem => 4,
        Scope::RegionOrService => 5,
    }
}

/// What people are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// The first notification of an outage.
    Opened,
    /// The picture changed: verdict, who must act, a wider scope, new kinds, many more resources.
    Updated,
    /// Every member is back to normal.
    Recovered,
}

impl NoticeKind {
    /// The kind as messages and logs name it: `opened`, `updated`, `recovered`.
    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Opened => "opened",
            NoticeKind::Updated => "updated",
            NoticeKind::Recovered => "recovered",
        }
    }
}

/// The decision for one trigger (or one deferred update): whether to notify, and with what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The incident's id (`kw-…`).
    pub incident: String,
    /// `None`: joined quietly (nothing people must hear, or an update is already due).
    pub kind: Option<NoticeKind>,
    /// The message's name within the incident (`opened`, `update-3`, `recovered`): what a
    /// retried publish is recognised by.
    pub message: String,
    /// For an update or a recovery: the opening went out before (its message must be sent
    /// before this one is).
    pub after_opening: bool,
    /// When this execution must send the update that was due too soon after the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flush_at: Option<DateTime<Utc>>,
    /// The incident as the notification tells it.
    pub summary: Summary,
}

/// The incident as a notification tells it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The incident's id (`kw-…`).
    pub incident: String,
    /// When the incident was opened.
    pub opened_at: DateTime<Utc>,
    /// Members, however kept (those only counted included).
    pub members: usize,
    /// Members still failing.
    pub firing: usize,
    /// Members no longer reporting (terminated, no data), not failing.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub gone: usize,
    /// Triggers that joined, duplicates of a member included.
    pub triggers: u64,
    /// What the incident says now.
    pub picture: Picture,
    /// What the previous notification said, for an update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Picture>,
    /// Headlines that joined since the previous notification.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joined: Vec<String>,
    /// Headlines that joined beyond those in `joined`, counted only.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub joined_omitted: usize,
    /// Firing members' headlines (at most [`MAX_JOINED_LINES`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub still_firing: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn summary(
    r: &IncidentRecord,
    before: Option<Picture>,
    joined: Vec<String>,
    omitted: usize,
) -> Summary {
    Summary {
        incident: r.id.clone(),
        opened_at: r.opened_at,
        members: r.member_count(),
        firing: r.firing(),
        gone: r.members.values().filter(|m| m.gone && !m.firing).count(),
        triggers: r.triggers,
        picture: r.picture(),
        before,
        joined,
        joined_omitted: omitted,
        still_firing: r
            .members
            .values()
            .filter(|m| m.firing)
            .map(|m| m.headline.clone())
            .take(MAX_JOINED_LINES)
            .collect(),
    }
}

/// Which open incident a trigger joins, of those its links point to: one it already belongs
/// to, else (for a firing trigger) one whose latest trigger is within the window; the
/// oldest of them, so every trigger of an outage picks the same. `None`: it opens one.
///
/// A recovery joins the incident of its member whatever the window (an alarm back to OK
/// an hour later still closes what it opened), or any incident its links point to. A word
/// older than the member's latest joins the incident holding it, even closed.
pub fn choose<'a>(
    member: &Member,
    candidates: &'a [IncidentRecord],
    config: &LifeConfig,
) -> Option<&'a IncidentRecord> {
    // A word older than what an incident already holds of the member (an ALARM isolated
    // after its own OK): it belongs there, open or closed, and changes nothing.
    if let Some(r) = candidates.iter().find(|r| {
        r.members
            .get(&member.key)
            .is_some_and(|held| member.observed < held.observed)
    }) {
        return Some(r);
    }
    let open = candidates.iter().filter(|r| r.is_open());
    let joinable: Vec<&IncidentRecord> = open
        .filter(|r| {
            r.members.contains_key(&member.key)
                || !member.firing
                || member.at - r.last_trigger_at <= config.window
        })
        .collect();
    joinable
        .iter()
        .find(|r| r.members.contains_key(&member.key))
        .or_else(|| joinable.iter().min_by_key(|r| (r.opened_at, &r.id)))
        .copied()
}

/// Takes `member` into `record` (or into a new incident when `record` is `None`) and says
/// what people must hear. (A retry of the same execution never comes here: the store
/// keeps each execution's notice with the record it changed, and a retry reads it back.)
pub fn absorb(
    record: Option<IncidentRecord>,
    member: Member,
    config: &LifeConfig,
) -> (IncidentRecord, Notice) {
    let now = member.at;
    let opening = record.is_none();
    let mut r = record.unwrap_or_else(|| IncidentRecord::new(&member));
    r.triggers += 1;
    let headline = member.headline.clone();
    let execution = member.execution.clone();
    let quiet_recovery = opening && !member.firing;
    let noise = member.noise;
    if !r.take(member) || !r.is_open() {
        // A stale word: counted, nothing else.
        let s = summary(&r, r.notified.clone(), Vec::new(), 0);
        return (r, notice(&s, None, "", false, None));
    }
    r.last_trigger_at = r.last_trigger_at.max(now);

    if opening {
        if quiet_recovery {
            // A recovery nobody heard the fault of: told once as a recovery (nothing after
            // it), or not at all when it never was a fault.
            r.closed_at = Some(now);
            let kind = (!noise).then_some(NoticeKind::Recovered);
            r.noticed(now);
            let s = summary(&r, None, Vec::new(), 0);
            return (r, notice(&s, kind, "recovered", false, None));
        }
        r.announced = true;
        r.noticed(now);
        let s = summary(&r, None, Vec::new(), 0);
        return (
            r.clone(),
            notice(&s, Some(NoticeKind::Opened), "opened", false, None),
        );
    }

    r.note_joined(&headline);
    if r.firing() == 0 {
        r.closed_at = Some(now);
        r.pending_flush = None;
        let before = r.notified.clone();
        let omitted = r.joined_since_omitted;
        let joined = r.noticed(now);
        let s = summary(&r, before, joined, omitted);
        let announced = r.announced;
        return (
            r,
            notice(
                &s,
                Some(NoticeKind::Recovered),
                "recovered",
                announced,
                None,
            ),
        );
    }
    update_or_defer(r, &execution, now, config)
}

/// An update when the picture changed and the interval since the last notification has
/// passed. When it has not, the first to see the change sends the update at the interval's
/// end ([`flush`]), with whatever joined until then; otherwise nothing.
fn update_or_defer(
    mut r: IncidentRecord,
    execution: &str,
    now: DateTime<Utc>,
    config: &LifeConfig,
) -> (IncidentRecord, Notice) {
    let changed = r
        .notified
        .as_ref()
        .is_none_or(|before| r.picture().differs_from(before));
    let due = r
        .last_notice_at
        .map_or(now, |at| at + config.update_interval);
    if changed && now >= due {
        return updated(r, now);
    }
    let mut flush_at = None;
    let orphaned = r
        .pending_flush
        .as_ref()
        .is_some_and(|f| f.at + Duration::minutes(FLUSH_GRACE_MINUTES) < now);
    if changed && (r.pending_flush.is_none() || orphaned) {
        r.pending_flush = Some(Flush {
            execution: execution.to_owned(),
            at: due,
        });
        flush_at = Some(due);
    }
    let s = summary(&r, r.notified.clone(), r.joined_since.clone(), 0);
    (r, notice(&s, None, "", false, flush_at))
}

fn updated(mut r: IncidentRecord, now: DateTime<Utc>) -> (IncidentRecord, Notice) {
    r.updates += 1;
    r.pending_flush = None;
    let before = r.notified.clone();
    let omitted = r.joined_since_omitted;
    let joined = r.noticed(now);
    let s = summary(&r, before, joined, omitted);
    let message = format!("update-{}", r.updates);
    let announced = r.announced;
    (
        r,
        notice(&s, Some(NoticeKind::Updated), &message, announced, None),
    )
}

/// The deferred update `execution` promised: sent when the incident is still open, the
/// promise is still its own (no update went out meanwhile) and the picture still differs
/// from what people last heard.
pub fn flush(
    mut r: IncidentRecord,
    execution: &str,
    now: DateTime<Utc>,
) -> (IncidentRecord, Notice) {
    let mine = r
        .pending_flush
        .as_ref()
        .is_some_and(|f| f.execution == execution);
    if mine {
        r.pending_flush = None;
        let changed = r
            .notified
            .as_ref()
            .is_none_or(|before| r.picture().differs_from(before));
        if r.is_open() && changed {
            return updated(r, now);
        }
    }
    let s = summary(&r, r.notified.clone(), r.joined_since.clone(), 0);
    (r, notice(&s, None, "", false, None))
}

fn notice(
    s: &Summary,
    kind: Option<NoticeKind>,
    message: &str,
    after_opening: bool,
    flush_at: Option<DateTime<Utc>>,
) -> Notice {
    Notice {
        incident: s.incident.clone(),
        kind,
        message: message.to_owned(),
        after_opening,
        flush_at,
        summary: s.clone(),
    }
}
