//! AWS Health events (`source: aws.health`).

use serde_json::Value;

use super::fields::{Obj, type_name};
use super::{Envelope, IntakeError, locate, push_unique};
use crate::incident::{
    HealthCategory, HealthEntity, HealthScope, HealthStatus, HealthTrigger, Incident, IntakeNote,
    Resource, ResourceKind, Trigger,
};

pub(crate) fn from_event(
    top: &Obj<'_>,
    env: Envelope,
    abuse: bool,
) -> Result<Incident, IntakeError> {
    let mut notes = env.notes;
    let d = top.req_obj("detail", "the Health event detail object")?;
    let event_arn = d.req_str("eventArn", "the Health event ARN")?.to_owned();
    let service = d
        .req_str("service", "the affected AWS service, e.g. \"EC2\"")?
        .to_owned();
    let event_type_code = d
        .req_str(
            "eventTypeCode",
            "the event type, e.g. \"AWS_EC2_OPERATIONAL_ISSUE\"",
        )?
        .to_owned();
    let category = match d.req_str(
        "eventTypeCategory",
        "one of issue, accountNotification, scheduledChange, investigation",
    )? {
        "issue" => HealthCategory::Issue,
        "accountNotification" => HealthCategory::AccountNotification,
        "scheduledChange" => HealthCategory::ScheduledChange,
        "investigation" => HealthCategory::Investigation,
        other => HealthCategory::Other(other.to_owned()),
    };
    let status = match d.opt_str("statusCode")? {
        Some("open") => HealthStatus::Open,
        Some("closed") => HealthStatus::Closed,
        Some("upcoming") => HealthStatus::Upcoming,
        Some(other) => HealthStatus::Other(other.to_owned()),
        // Older Health events carry no statusCode: AWS sent them while the event was open.
        None => {
            notes.push(IntakeNote::NoStatusCode);
            HealthStatus::Open
        }
    };
    let entities = read_entities(&d)?;
    let scope = match d.opt_str("eventScopeCode")? {
        Some("PUBLIC") => HealthScope::Public,
        Some("ACCOUNT_SPECIFIC") => HealthScope::AccountSpecific,
        Some("NONE") => HealthScope::None,
        Some(other) => HealthScope::Other(other.to_owned()),
        None => {
            notes.push(IntakeNote::NoScopeCode);
            if entities.is_empty() {
                HealthScope::Public
            } else {
                HealthScope::AccountSpecific
            }
        }
    };
    let start_time = d.lenient_time("startTime", &mut notes)?;
    let end_time = d.lenient_time("endTime", &mut notes)?;
    let last_updated_time = d.lenient_time("lastUpdatedTime", &mut notes)?;
    let event_region = d.opt_str("eventRegion")?.map(str::to_owned);
    let affected_account = d.opt_str("affectedAccount")?.map(str::to_owned);
    let communication_id = d.opt_str("communicationId")?.map(str::to_owned);
    let description = read_description(&d)?;

    let region = event_region.clone().or(env.region);
    let account = affected_account.clone().or(env.account);
    let hint = match service.as_str() {
        "RDS" => Some(ResourceKind::RdsDbInstance),
        _ => None,
    };
    let mut resources = Vec::new();
    for arn in &env.resources {
        push_unique(
            &mut resources,
            locate(
                Resource::from_id(arn, None),
                region.as_deref(),
                account.as_deref(),
            ),
        );
    }
    for e in &entities {
        if !is_resource_entity(&e.value, account.as_deref()) {
            continue;
        }
        let kind = if e.value.starts_with("arn:") {
            None
        } else {
            hint
        };
        push_unique(
            &mut resources,
            locate(
                Resource::from_id(&e.value, kind),
                region.as_deref(),
                account.as_deref(),
            ),
        );
    }

    // An upcoming event's startTime is when AWS will act, not when anything began.
    let started_at = match status {
        HealthStatus::Upcoming => env.time,
        _ => start_time.unwrap_or(env.time),
    };
    // An update of the same event (a new status, a new lastUpdatedTime) is news; the same
    // update again is not. Older events without lastUpdatedTime: their communicationId.
    // Each page of a paged event names other entities.
    let dedupe_key = format!(
        "health:{event_arn}:{}:{}:{}:{}",
        status.word(),
        last_updated_time
            .map(|t| t.to_rfc3339())
            .or_else(|| communication_id.clone())
            .unwrap_or_else(|| env.id.clone()),
        account.as_deref().unwrap_or("-"),
        d.opt_str("page")?.unwrap_or("1")
    );
    Ok(Incident {
        dedupe_until: 0,
        id: env.id,
        dedupe_key,
        ongoing: matches!(status, HealthStatus::Open | HealthStatus::Upcoming),
        trigger: Trigger::Health(HealthTrigger {
            event_arn,
            service,
            event_type_code,
            category,
            scope,
            status,
            communication_id,
            start_time,
            end_time,
            last_updated_time,
            event_region,
            affected_account,
            description,
            affected_entities: entities,
            entities_omitted: 0,
            abuse,
            page: d.opt_str("page")?.map(str::to_owned),
            total_pages: d.opt_str("totalPages")?.map(str::to_owned),
        }),
        resources,
        resources_omitted: 0,
        region,
        account,
        started_at,
        received_at: env.time,
        summary: String::new(),
        intake_notes: Vec::new(),
        notes,
    })
}

fn read_entities(d: &Obj<'_>) -> Result<Vec<HealthEntity>, IntakeError> {
    let mut out = Vec::new();
    for (i, item) in d.opt_array("affectedEntities")?.iter().enumerate() {
        let path = format!("{}[{i}]", d.field_path("affectedEntities"));
        let Value::Object(map) = item else {
            return Err(IntakeError::WrongType {
                field: path,
                expected: "an object with entityValue",
                found: type_name(item),
            });
        };
        let e = Obj::new(path, map);
        let mut tags = std::collections::BTreeMap::new();
        if let Some(t) = e.opt_obj("tags")? {
            for (k, v) in t.map {
                if let Value::String(s) = v {
                    tags.insert(k.clone(), s.clone());
                }
            }
        }
        out.push(HealthEntity {
            value: e
                .req_str("entityValue", "the affected entity's identifier")?
                .to_owned(),
            status: e.opt_str("status")?.map(str::to_owned),
            tags,
        });
    }
    Ok(out)
}

/// The English description when AWS sent one, else the first.
fn read_description(d: &Obj<'_>) -> Result<Option<String>, IntakeError> {
    let mut first = None;
    for (i, item) in d.opt_array("eventDescription")?.iter().enumerate() {
        let Value::Object(map) = item else { continue };
        let o = Obj::new(format!("{}[{i}]", d.field_path("eventDescription")), map);
        let text = o.opt_str("latestDescription")?.map(str::to_owned);
        if o.opt_str("language")?.is_some_and(|l| l.starts_with("en")) && text.is_some() {
            return Ok(text);
        }
        if first.is_none() {
            first = text;
        }
    }
    Ok(first)
}

/// Account-level events list the account itself (or `UNKNOWN`) as the entity.
fn is_resource_entity(value: &str, account: Option<&str>) -> bool {
    let is_account_id = value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit());
    !(value.is_empty() || is_account_id || Some(value) == account || value == "UNKNOWN")
}
