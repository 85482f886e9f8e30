//! The AWS Support case draft, written the way the method asks: the problem to solve,
//! the resources and region, the start time *with time zone* and whether it is still
//! going on, and the evidence — ready to paste into the web form, the most reliable
//! channel for sharing detail.

use serde::{Deserialize, Serialize};

use crate::config::{Config, Lang, SupportPlan};
use crate::decision::{Cause, Scope};
use crate::describe;
use crate::finding::{Finding, Outcome};
use crate::incident::{Incident, ResourceKind, Trigger};
use crate::time::format_local;
use crate::words::{CaseReference, CaseRequest, CaseText, ResponseTime};

/// AWS Support case severities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// General guidance: a question, nothing impaired.
    GeneralGuidance,
    /// System impaired: a non-critical function is degraded.
    SystemImpaired,
    /// Production system impaired.
    ProductionSystemImpaired,
    /// Production system down (Business plan and higher).
    ProductionSystemDown,
    /// Business-critical system down (Enterprise On-Ramp and Enterprise).
    BusinessCriticalSystemDown,
}

impl Severity {
    /// The names the AWS Support console uses.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.words().severity(self)
    }

    /// The highest severity a plan offers.
    fn cap(plan: SupportPlan) -> Severity {
        match plan {
            SupportPlan::Basic => Severity::GeneralGuidance,
            SupportPlan::Developer => Severity::SystemImpaired,
            SupportPlan::Business => Severity::ProductionSystemDown,
            SupportPlan::EnterpriseOnRamp | SupportPlan::Enterprise => {
                Severity::BusinessCriticalSystemDown
            }
        }
    }
}

/// A first-response target: within `minutes`, counted in business hours or around the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseTarget {
    /// The target, in minutes.
    pub minutes: u32,
    /// Counted in business hours (Developer), not around the clock.
    pub business_hours: bool,
}

impl ResponseTarget {
    /// "4 hours" / "4時間", with "business hours" / "営業時間" where they count.
    pub fn text(self, lang: Lang) -> String {
        let time = if self.minutes.is_multiple_of(60) {
            ResponseTime::Hours(self.minutes / 60)
        } else {
            ResponseTime::Minutes(self.minutes)
        };
        lang.words().response_time(time, self.business_hours)
    }
}

/// The first-response target AWS publishes for a plan and severity.
pub fn first_response(plan: SupportPlan, severity: Severity) -> Option<ResponseTarget> {
    use Severity::*;
    use SupportPlan::*;
    let (minutes, business_hours) = match (plan, severity) {
        (Basic, _) => return None,
        (Developer, GeneralGuidance) => (24 * 60, true),
        (Developer, _) => (12 * 60, true),
        (_, GeneralGuidance) => (24 * 60, false),
        (_, SystemImpaired) => (12 * 60, false),
        (_, ProductionSystemImpaired) => (4 * 60, false),
        (_, ProductionSystemDown) => (60, false),
        (EnterpriseOnRamp, BusinessCriticalSystemDown) => (30, false),
        (Enterprise, BusinessCriticalSystemDown) => (15, false),
        (Business, BusinessCriticalSystemDown) => (60, false),
    };
    Some(ResponseTarget {
        minutes,
        business_hours,
    })
}

/// An AWS Support case, drafted to be opened on the web: what the method asks to send
/// when AWS is at fault or an unpublished AWS-side fault is suspected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportCaseDraft {
    /// The case's subject line, in the classification's language.
    pub subject: String,
    /// The AWS service to file it under, as the Support Center names it.
    pub service: String,
    /// The severity to choose, the highest the plan allows for what was found.
    pub severity: Severity,
    /// The support plan it was drafted for (`SupportPlan` setting).
    pub plan: SupportPlan,
    /// `None` on Basic, which has no technical support cases.
    pub expected_first_response: Option<ResponseTarget>,
    /// Whether the plan allows a technical case at all (Basic does not).
    pub can_open_technical_case: bool,
    /// The Region of the affected resources.
    pub region: Option<String>,
    /// The affected resources' ids.
    pub resources: Vec<String>,
    /// Start time in the configured zone and in UTC.
    pub started_at: String,
    /// Whether the fault was still going on when the draft was made.
    pub ongoing: bool,
    /// The case text, ready to paste.
    pub body: String,
}

/// The case to open. For `aws_side`, it asks AWS to confirm the fault the evidence points
/// at; for an inconclusive isolation whose user side is healthy, it asks whether an AWS-side
/// fault nobody published affects the resources (the method: not every fault is on the
/// AWS Health Dashboard; local faults are best confirmed with AWS Support).
pub fn draft_support_case(
    incident: &Incident,
    findings: &[Finding],
    verdict: crate::decision::Verdict,
    cause: &Cause,
    scope: Scope,
    config: &Config,
) -> SupportCaseDraft {
    let confirmed = verdict == crate::decision::Verdict::AwsSide;
    let lang = config.lang;
    let plan = config.support_plan;
    let wanted = match (incident.ongoing, scope) {
        (false, _) => Severity::GeneralGuidance,
        // A question, not a confirmed fault: a system impaired at most.
        (true, _) if !confirmed => Severity::SystemImpaired,
        (true, Scope::WholeSystem | Scope::RegionOrService) => Severity::BusinessCriticalSystemDown,
        (true, _) => Severity::ProductionSystemImpaired,
    };
    let severity = wanted.min(Severity::cap(plan));
    let service = service_name(incident);
    let mut resources: Vec<String> = incident
        .resource_ids()
        .into_iter()
        .map(str::to_owned)
        .collect();
    if incident.resources_omitted > 0 {
        resources.push(lang.words().more_resources(incident.resources_omitted));
    }
    let started_at = display_time(incident.started_at, config);
    // In the draft's language, like its body (unlike the SNS subject, which must be ASCII).
    let subject = crate::render::truncate_chars(
        &format!(
            "{} {} - {}",
            service_short(incident),
            lang.words().cause(cause),
            describe::target_words(incident, lang)
        ),
        100,
    );

    let evidence: Vec<String> = findings
        .iter()
        .filter(|f| !matches!(f.outcome, Outcome::Unavailable { .. }))
        .map(|f| {
            let mut line = format!("- {}", describe::finding_line(f, lang));
            for e in f.evidence.iter().take(5) {
                let (label, value) = describe::evidence_words(f, e, incident, lang);
                line.push_str(&format!(
                    "\n    {label}{}{value}",
                    lang.words().inline_colon()
                ));
            }
            line
        })
        .collect();
    let region = incident.region.clone();
    let reference = match &incident.trigger {
        Trigger::Health(h) => Some(CaseReference::HealthEvent(&h.event_arn)),
        Trigger::Alarm(a) => Some(CaseReference::Alarm(
            a.alarm_arn.as_deref().unwrap_or(&a.alarm_name),
        )),
        _ => None,
    };
    let problem = describe::headline(verdict, cause, incident, lang);
    let evidence = evidence.join("\n");
    let body = lang.words().support_case_body(&CaseText {
        problem: &problem,
        service: &service,
        region: region.as_deref(),
        resources: &resources,
        started_at: &started_at,
        ongoing: incident.ongoing,
        reference,
        evidence: &evidence,
        request: if confirmed {
            CaseRequest::ConfirmFault
        } else {
            CaseRequest::AskAboutUnpublishedFault
        },
    });
    SupportCaseDraft {
        subject,
        service,
        severity,
        plan,
        expected_first_response: first_response(plan, severity),
        can_open_technical_case: plan != SupportPlan::Basic,
        region,
        resources,
        started_at,
        ongoing: incident.ongoing,
        body,
    }
}

/// A time as people should read it: the configured zone, named, with UTC beside it.
pub fn display_time(t: chrono::DateTime<chrono::Utc>, config: &Config) -> String {
    let utc = t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    if config.is_utc() {
        utc
    } else {
        let (offset, label) = config.zone_at(t);
        format!("{} / {utc}", format_local(t, offset, &label))
    }
}

fn service_name(incident: &Incident) -> String {
    match incident.primary_resource().map(|r| r.kind) {
        Some(ResourceKind::Ec2Instance | ResourceKind::AutoScalingGroup) => {
            "Amazon Elastic Compute Cloud (EC2)".into()
        }
        Some(ResourceKind::EbsVolume) => "Amazon Elastic Block Store (EBS)".into(),
        Some(ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster) => {
            "Amazon Relational Database Service (RDS)".into()
        }
        Some(ResourceKind::VpnConnection) => "AWS Site-to-Site VPN".into(),
        Some(ResourceKind::DirectConnect) => "AWS Direct Connect".into(),
        Some(ResourceKind::LoadBalancer | ResourceKind::TargetGroup) => {
            "Elastic Load Balancing".into()
        }
        Some(ResourceKind::LambdaFunction) => "AWS Lambda".into(),
        _ => match &incident.trigger {
            Trigger::Health(h) => h.service.clone(),
            _ => "Other".into(),
        },
    }
}

fn service_short(incident: &Incident) -> &'static str {
    match incident.primary_resource().map(|r| r.kind) {
        Some(ResourceKind::Ec2Instance | ResourceKind::AutoScalingGroup) => "EC2",
        Some(ResourceKind::EbsVolume) => "EBS",
        Some(ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster) => "RDS",
        Some(ResourceKind::VpnConnection) => "VPN",
        _ => "AWS",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's published first-response targets, one row per plan and severity that matters.
    #[test]
    fn response_times_per_plan() {
        use Severity::*;
        use SupportPlan::*;
        let rows = [
            (Basic, ProductionSystemDown, None),
            (
                Developer,
                SystemImpaired,
                Some(("12 business hours", "12営業時間")),
            ),
            (
                Developer,
                GeneralGuidance,
                Some(("24 business hours", "24営業時間")),
            ),
            (
                Business,
                ProductionSystemImpaired,
                Some(("4 hours", "4時間")),
            ),
            (Business, ProductionSystemDown, Some(("1 hour", "1時間"))),
            (
                EnterpriseOnRamp,
                BusinessCriticalSystemDown,
                Some(("30 minutes", "30分")),
            ),
            (
                Enterprise,
                BusinessCriticalSystemDown,
                Some(("15 minutes", "15分")),
            ),
        ];
        for (plan, sev, want) in rows {
            let got = first_response(plan, sev).map(|r| (r.text(Lang::En), r.text(Lang::Ja)));
            let want = want.map(|(en, ja)| (en.to_owned(), ja.to_owned()));
            assert_eq!(got, want, "{plan:?} {sev:?}");
        }
    }

    #[test]
    fn severity_is_capped_by_the_plan() {
        assert_eq!(
            Severity::BusinessCriticalSystemDown.min(Severity::cap(SupportPlan::Business)),
            Severity::ProductionSystemDown
        );
        assert_eq!(
            Severity::ProductionSystemImpaired.min(Severity::cap(SupportPlan::Developer)),
            Severity::SystemImpaired
        );
    }
}
