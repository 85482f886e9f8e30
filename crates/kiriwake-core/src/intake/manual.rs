//! A manual request: `{"resource": "i-0123…", "region": "ap-northeast-1"}`.
//!
//! Fields: `resource` (one id or ARN) or `resources` (a list), and optionally `region`,
//! `account`, `kind` (a resource kind such as `rds_db_instance`, for bare DB names),
//! `availability_zone`, `started_at` (a timestamp) and `note`.

use chrono::{DateTime, Utc};

use super::fields::Obj;
use super::{IntakeError, locate, push_unique};
use crate::incident::{Incident, ManualTrigger, Resource, ResourceKind, Trigger};

pub(crate) fn from_request(top: &Obj<'_>, now: DateTime<Utc>) -> Result<Incident, IntakeError> {
    let mut notes = Vec::new();
    let mut ids: Vec<&str> = top.opt_str_array("resources")?;
    if let Some(one) = top.opt_str("resource")? {
        ids.insert(0, one);
    }
    ids.retain(|s| !s.trim().is_empty());
    if ids.is_empty() {
        return Err(IntakeError::MissingField {
            field: "resource".into(),
            expected: "a resource id or ARN, e.g. \"i-0123456789abcdef0\"",
        });
    }
    let kind = match top.opt_str("kind")? {
        None => None,
        Some(k) => Some(
            serde_json::from_value::<ResourceKind>(serde_json::Value::String(k.to_owned())).map_err(
                |_| IntakeError::InvalidValue {
                    field: "kind".into(),
                    expected: "a resource kind such as ec2_instance, rds_db_instance, vpn_connection",
                    found: k.to_owned(),
                },
            )?,
        ),
    };
    let region = top.opt_str("region")?;
    let account = top.opt_str("account")?;
    let az = top.opt_str("availability_zone")?;
    let mut resources = Vec::new();
    for id in &ids {
        let id = id.trim();
        let kind = if id.starts_with("arn:") { None } else { kind };
        let mut r = locate(Resource::from_id(id, kind), region, account);
        r.availability_zone = az.map(str::to_owned);
        push_unique(&mut resources, r);
    }
    let started_at = top.lenient_time("started_at", &mut notes)?.unwrap_or(now);
    let note = top.opt_str("note")?.map(str::to_owned);
    let first = resources.first().map(|r| r.id.clone()).unwrap_or_default();
    Ok(Incident {
        dedupe_until: 0,
        id: format!("manual:{first}:{}", now.format("%Y%m%dT%H%M%SZ")),
        dedupe_key: format!("manual:{}:{}", ids.join(","), now.to_rfc3339()),
        ongoing: true,
        summary: String::new(),
        trigger: Trigger::Manual(ManualTrigger { note }),
        resources,
        resources_omitted: 0,
        region: region.map(str::to_owned),
        account: account.map(str::to_owned),
        started_at,
        received_at: now,
        intake_notes: Vec::new(),
        notes,
    })
}
