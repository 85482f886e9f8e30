//! The documents part of the catalogue: the words of what people receive — the flowchart,
//! the e-mail, the chat notification, the failure notice, the incident's opened / updated /
//! recovered notifications and the AWS Support case draft.
//!
//! `render` and `support` decide what a document holds, in which order, what is cut to fit
//! and which sentence applies; they name the fixed words with a [`Heading`], an
//! [`IncidentChange`], a [`ResponseTime`], a [`Recovery`] or a [`CaseRequest`], and each
//! catalogue words them with an exhaustive `match`. Templates with values take the values
//! already worded (labels, counts), so each catalogue only places them.
//!
//! The SNS subjects are not here: SNS takes ASCII subjects only, so they are English
//! whatever the language.

use crate::lifecycle::NoticeKind;
use crate::support::Severity;

/// A fixed heading or field label of a document, written as it is printed: ending with its
/// colon, with no space after it. A field line puts [`DocumentWords::label_gap`] between
/// the label and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Heading {
    /// What set the isolation off (the flowchart's and the e-mail's incident block).
    Trigger,
    /// When the fault started.
    Started,
    /// The affected resources.
    Resources,
    /// The verdict.
    Verdict,
    /// Who must act (the party).
    WhoMustAct,
    /// The scope of the fault.
    Scope,
    /// How sure the verdict is.
    Confidence,
    /// The next actions, numbered below.
    NextActions,
    /// The reasons for the verdict, listed below.
    Why,
    /// The checks that could not run.
    CouldNotCheck,
    /// The slowest live checks, listed after it.
    SlowestChecks,
    /// The AWS Support case draft in the flowchart and the e-mail (opened on the web).
    SupportCaseDraft,
    /// The AWS Support case draft's subject, as the chat notification names it.
    SupportCase,
    /// The support case's subject line.
    Subject,
    /// The AWS service the support case is filed under.
    Service,
    /// An incident's picture before it recovered.
    UntilRecovery,
    /// What changed in an incident since its last notification.
    Changed,
    /// The headlines that joined an incident since its last notification, listed below.
    SinceLastNotification,
    /// The incident's members still failing, listed below.
    StillFailing,
    /// Introduces the trigger's own notification inside an incident's notification.
    TriggerBehind,
}

/// What changed in an incident, as the change is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncidentChange {
    /// The verdict (followed by `before → now`).
    Verdict,
    /// The scope (followed by `before → now`).
    Scope,
    /// Who must act (followed by `before → now`).
    WhoMustAct,
    /// New kinds of resource joined (a colon, then the kinds).
    NewKind,
}

/// A first-response target, in whole hours or else in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseTime {
    /// A whole number of hours.
    Hours(u32),
    /// Minutes (a target that is not whole hours).
    Minutes(u32),
}

/// How an incident recovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// Every member is back to normal.
    AllNormal {
        /// How many members.
        members: usize,
    },
    /// Every member is back to normal or stopped reporting (terminated, no data).
    SomeGone {
        /// How many members.
        members: usize,
        /// How many of them stopped reporting.
        gone: usize,
    },
}

/// What the AWS Support case asks AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRequest {
    /// The evidence points at AWS: confirm the fault, its resolution, what to do.
    ConfirmFault,
    /// The user side is healthy and nothing is published: is there an AWS-side issue?
    AskAboutUnpublishedFault,
}

/// The AWS resource a support case refers to by its identifier, beside the resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseReference<'a> {
    /// The AWS Health event, by its ARN.
    HealthEvent(&'a str),
    /// The CloudWatch alarm, by its ARN (its name when the ARN is unknown).
    Alarm(&'a str),
}

/// What an AWS Support case's text holds, already worded where it comes from elsewhere.
#[derive(Debug, Clone, Copy)]
pub struct CaseText<'a> {
    /// The problem to solve: the classification's headline.
    pub problem: &'a str,
    /// The AWS service, as the Support Center names it.
    pub service: &'a str,
    /// The Region of the affected resources, when known.
    pub region: Option<&'a str>,
    /// The affected resources' ids (the last one may say how many more there are).
    pub resources: &'a [String],
    /// The start time, with its time zone.
    pub started_at: &'a str,
    /// Whether the fault was still going on when the case was drafted.
    pub ongoing: bool,
    /// The AWS Health event or alarm behind the case, if any.
    pub reference: Option<CaseReference<'a>>,
    /// What was observed: one line per finding, each with its evidence below it.
    pub evidence: &'a str,
    /// What the case asks.
    pub request: CaseRequest,
}

/// The words of the documents people receive.
pub trait DocumentWords {
    /// A heading or field label, ending with its colon (see [`Heading`]).
    fn heading(&self, h: Heading) -> &'static str;
    /// What goes between a field label's colon and its value on a field line.
    fn label_gap(&self) -> &'static str;
    /// What goes between a name and what is said of it within a line (`check: reason`).
    fn inline_colon(&self) -> &'static str;
    /// What goes between the changes of an incident listed on one line.
    fn changes_separator(&self) -> &'static str;
    /// Whether a fault is still going on, as the incident block says it.
    fn ongoing_word(&self, ongoing: bool) -> &'static str;

    /// The flowchart's and the e-mail's title after `kiriwake — `.
    fn isolation_title(&self) -> &'static str;
    /// Under a step no check applies to.
    fn no_check_applies(&self) -> &'static str;
    /// A finding's evidence lines left out to fit the message limit.
    fn evidence_omitted(&self, hidden: usize) -> String;
    /// Who must act and at which layer, from the worded party and layer.
    fn who_must_act_line(&self, party: &str, layer: &str) -> String;
    /// The e-mail's last line when its evidence was cut to fit the SNS message limit.
    fn evidence_truncated(&self) -> &'static str;

    /// The failure notice's title: isolation itself failed, isolate by hand.
    fn failure_title(&self) -> &'static str;
    /// The failure notice's body: its title, the error, its cause, the event quoted and
    /// the note of how much of it (`cut`, empty when whole), with what to do.
    fn failure_body(&self, error: &str, cause: &str, event: &str, cut: &str) -> String;
    /// Only the first `shown` of the event's `total` characters are quoted.
    fn event_excerpt(&self, shown: usize, total: usize) -> String;
    /// The failure notice's last line when it was cut to fit the SNS message limit.
    fn failure_truncated(&self) -> &'static str;
    /// The failure notice's next step in chat.
    fn failure_next_step(&self) -> &'static str;

    /// An AWS Support severity, as the AWS Support console names it.
    fn severity(&self, s: Severity) -> &'static str;
    /// A first-response target; `business_hours` when it counts business hours only.
    fn response_time(&self, time: ResponseTime, business_hours: bool) -> String;
    /// Stands for the `n` resources left out of a list.
    fn more_resources(&self, n: usize) -> String;
    /// The AWS Support case's text, ready to paste into the web form.
    fn support_case_body(&self, case: &CaseText<'_>) -> String;
    /// The plan's first-response target, from the plan's name and the target worded.
    fn first_response_within(&self, plan: &str, within: &str) -> String;
    /// The Basic plan opens no technical case.
    fn no_technical_cases(&self) -> &'static str;
    /// The severity to choose, with the expected response, both worded.
    fn severity_line(&self, severity: &str, response: &str) -> String;

    /// An incident's opening title, from the headline (or the verdict).
    fn incident_opened(&self, what: &str) -> String;
    /// An incident's update title: its verdict and scope (worded), and how many resources.
    fn incident_updated(&self, verdict: &str, scope: &str, resources: usize) -> String;
    /// An incident's recovery title, `minutes` after it opened.
    fn incident_recovered(&self, recovery: Recovery, minutes: i64) -> String;
    /// An incident's first line: its id, what this notification is, how long it is open.
    fn incident_state(&self, id: &str, kind: NoticeKind, minutes: i64) -> String;
    /// An incident's members, those still failing, and the triggers that joined it.
    fn incident_members(&self, members: usize, firing: usize, triggers: u64) -> String;
    /// Introduces one change of an incident.
    fn incident_change(&self, c: IncidentChange) -> &'static str;
    /// An incident's picture on one line: verdict, scope, who must act (all worded).
    fn picture_line(&self, verdict: &str, scope: &str, party: &str) -> String;
    /// Ends a list of headlines that leaves `n` out.
    fn more_listed(&self, n: usize) -> String;
}
