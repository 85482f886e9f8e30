use super::English;
use crate::lifecycle::NoticeKind;
use crate::support::Severity;
use crate::words::documents::{
    CaseReference, CaseRequest, CaseText, DocumentWords, Heading, IncidentChange, Recovery,
    ResponseTime,
};

impl DocumentWords for English {
    fn heading(&self, h: Heading) -> &'static str {
        match h {
            Heading::Trigger => "Trigger:",
            Heading::Started => "Started:",
            Heading::Resources => "Resources:",
            Heading::Verdict => "Verdict:",
            Heading::WhoMustAct => "Who must act:",
            Heading::Scope => "Scope:",
            Heading::Confidence => "Confidence:",
            Heading::NextActions => "Next actions:",
            Heading::Why => "Why:",
            Heading::CouldNotCheck => "Could not check:",
            Heading::SlowestChecks => "Slowest checks:",
            Heading::SupportCaseDraft => "AWS Support case draft (open it on the web):",
            Heading::SupportCase => "Support case draft:",
            Heading::Subject => "Subject:",
            Heading::Service => "Service:",
            Heading::UntilRecovery => "Until recovery:",
            Heading::Changed => "Changed:",
            Heading::SinceLastNotification => "Since the last notification:",
            Heading::StillFailing => "Still failing:",
            Heading::TriggerBehind => "The trigger behind this notification:",
        }
    }

    fn label_gap(&self) -> &'static str {
        " "
    }

    fn inline_colon(&self) -> &'static str {
        ": "
    }

    fn changes_separator(&self) -> &'static str {
        "; "
    }

    fn ongoing_word(&self, ongoing: bool) -> &'static str {
        if ongoing { "ongoing" } else { "ended" }
    }

    fn isolation_title(&self) -> &'static str {
        "failure isolation"
    }

    fn no_check_applies(&self) -> &'static str {
        "no check applies"
    }

    fn evidence_omitted(&self, hidden: usize) -> String {
        format!("(+{hidden} more evidence lines omitted to fit)")
    }

    fn who_must_act_line(&self, party: &str, layer: &str) -> String {
        format!("Who must act: {party}  (layer: {layer})")
    }

    fn evidence_truncated(&self) -> &'static str {
        "(evidence truncated to fit the SNS message limit; the full classification is in the isolation's logs)"
    }

    fn failure_title(&self) -> &'static str {
        "[kiriwake] Isolation failed: isolate this event by hand"
    }

    fn failure_body(&self, error: &str, cause: &str, event: &str, cut: &str) -> String {
        let title = self.failure_title();
        format!(
            "{title}\n\nError: {error}\nCause: {cause}\n\nNext actions:\n  1. Follow the method's order by hand: instance status, system status, AWS Health, the path outside AWS.\n  2. Fix the event source or kiriwake's permissions so this does not recur.\n\nEvent:\n{event}{cut}\n"
        )
    }

    fn event_excerpt(&self, shown: usize, total: usize) -> String {
        format!(
            "(the first {shown} of {total} characters; the whole event is the execution's input)"
        )
    }

    fn failure_truncated(&self) -> &'static str {
        "(truncated to fit the SNS message limit)"
    }

    fn failure_next_step(&self) -> &'static str {
        "Isolate this event by hand, in the method's order."
    }

    fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::GeneralGuidance => "General guidance",
            Severity::SystemImpaired => "System impaired",
            Severity::ProductionSystemImpaired => "Production system impaired",
            Severity::ProductionSystemDown => "Production system down",
            Severity::BusinessCriticalSystemDown => "Business-critical system down",
        }
    }

    fn response_time(&self, time: ResponseTime, business_hours: bool) -> String {
        let (n, unit) = match time {
            ResponseTime::Hours(1) => (1, "hour"),
            ResponseTime::Hours(h) => (h, "hours"),
            ResponseTime::Minutes(m) => (m, "minutes"),
        };
        if business_hours {
            format!("{n} business {unit}")
        } else {
            format!("{n} {unit}")
        }
    }

    fn more_resources(&self, n: usize) -> String {
        format!("and {n} more")
    }

    fn support_case_body(&self, case: &CaseText<'_>) -> String {
        let reference = match case.reference {
            Some(CaseReference::HealthEvent(arn)) => format!("\nAWS Health event: {arn}"),
            Some(CaseReference::Alarm(alarm)) => format!("\nCloudWatch alarm: {alarm}"),
            None => String::new(),
        };
        let ask = match case.request {
            CaseRequest::ConfirmFault => {
                "please confirm whether there is a fault on the AWS side affecting these resources, its expected resolution, and whether we should take any action."
            }
            CaseRequest::AskAboutUnpublishedFault => {
                "our own checks of these resources found no fault on our side. Is an AWS-side issue affecting them, published or not? If so, what is its expected resolution, and should we take any action?"
            }
        };
        let resources = match case.resources {
            [] => "none named".to_owned(),
            list => list.join(", "),
        };
        format!(
            "Problem to solve: {problem}\n\nService: {service}\nRegion: {region}\nResources: {resources}\nStarted: {started_at}\nStill ongoing: {ongoing}{reference}\n\nWhat we observed:\n{evidence}\n\nWhat we ask: {ask}\n\nAttach: screenshots of the alarm's graph and of the console, and the log excerpts; every time above is given with its time zone.",
            problem = case.problem,
            service = case.service,
            region = case.region.unwrap_or("unknown"),
            started_at = case.started_at,
            ongoing = if case.ongoing { "yes" } else { "no" },
            evidence = case.evidence,
        )
    }

    fn first_response_within(&self, plan: &str, within: &str) -> String {
        format!("{plan} plan: first response within {within}")
    }

    fn no_technical_cases(&self) -> &'static str {
        "Basic plan: technical cases cannot be opened"
    }

    fn severity_line(&self, severity: &str, response: &str) -> String {
        format!("Severity: {severity} ({response})")
    }

    fn incident_opened(&self, what: &str) -> String {
        format!("Incident opened: {what}")
    }

    fn incident_updated(&self, verdict: &str, scope: &str, resources: usize) -> String {
        format!("Incident updated: {verdict}, {scope}, {resources} resource(s) affected")
    }

    fn incident_recovered(&self, recovery: Recovery, minutes: i64) -> String {
        match recovery {
            Recovery::AllNormal { members } => {
                format!("Incident recovered: all {members} back to normal after {minutes} min")
            }
            Recovery::SomeGone { members, gone } => format!(
                "Incident recovered: all {members} back to normal or no longer reporting ({gone} gone) after {minutes} min"
            ),
        }
    }

    fn incident_state(&self, id: &str, kind: NoticeKind, minutes: i64) -> String {
        let kind = match kind {
            NoticeKind::Opened => "opened",
            NoticeKind::Updated => "updated",
            NoticeKind::Recovered => "recovered",
        };
        format!("Incident {id} ({kind}; open for {minutes} min)")
    }

    fn incident_members(&self, members: usize, firing: usize, triggers: u64) -> String {
        format!("Members: {members} ({firing} still failing), triggers: {triggers}")
    }

    fn incident_change(&self, c: IncidentChange) -> &'static str {
        match c {
            IncidentChange::Verdict => "verdict",
            IncidentChange::Scope => "scope",
            IncidentChange::WhoMustAct => "who must act",
            IncidentChange::NewKind => "new kind of resource:",
        }
    }

    fn picture_line(&self, verdict: &str, scope: &str, party: &str) -> String {
        format!("Verdict: {verdict}   Scope: {scope}   Who must act: {party}")
    }

    fn more_listed(&self, n: usize) -> String {
        format!("… and {n} more")
    }
}
