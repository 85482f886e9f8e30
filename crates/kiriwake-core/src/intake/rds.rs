//! `RDS DB Instance Event` and `RDS DB Cluster Event` (`EventID` may be absent).

use super::fields::Obj;
use super::{Envelope, IntakeError, locate};
use crate::incident::{Incident, RdsTrigger, Resource, ResourceKind, Trigger};

pub(crate) fn from_event(top: &Obj<'_>, env: Envelope) -> Result<Incident, IntakeError> {
    let mut notes = env.notes;
    let d = top.req_obj("detail", "the RDS event detail object")?;
    let source_identifier = d
        .req_str("SourceIdentifier", "the DB instance or cluster identifier")?
        .to_owned();
    let message = d.req_str("Message", "the RDS event message")?.to_owned();
    let source_type = d.opt_str("SourceType")?.map(str::to_owned);
    let source_arn = d.opt_str("SourceArn")?.map(str::to_owned);
    let categories: Vec<String> = d
        .opt_str_array("EventCategories")?
        .into_iter()
        .map(str::to_owned)
        .collect();
    let event_id = d.opt_str("EventID")?.map(str::to_owned);
    let date = d.lenient_time("Date", &mut notes)?;

    let kind = match source_type.as_deref() {
        Some("CLUSTER") => ResourceKind::RdsDbCluster,
        _ => ResourceKind::RdsDbInstance,
    };
    let resource = match &source_arn {
        Some(arn) => Resource::from_id(arn, Some(kind)),
        // Some examples prefix the identifier with `rds:`.
        None => Resource::from_id(source_identifier.trim_start_matches("rds:"), Some(kind)),
    };
    let resource = locate(resource, env.region.as_deref(), env.account.as_deref());
    Ok(Incident {
        dedupe_until: 0,
        dedupe_key: format!(
            "rds:{}:{}:{}",
            resource.id,
            event_id.as_deref().unwrap_or("-"),
            date.unwrap_or(env.time).to_rfc3339()
        ),
        id: env.id,
        // RDS events announce a transition; the decision reads whether it is a fault.
        ongoing: true,
        trigger: Trigger::RdsEvent(RdsTrigger {
            source_type,
            source_identifier,
            source_arn,
            categories,
            message,
            event_id,
        }),
        summary: String::new(),
        resources: vec![resource],
        resources_omitted: 0,
        region: env.region,
        account: env.account,
        started_at: date.unwrap_or(env.time),
        received_at: env.time,
        intake_notes: Vec::new(),
        notes,
    })
}
