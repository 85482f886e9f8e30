//! `EC2 Instance State-change Notification`.

use aws_lambda_events::event::cloudwatch_events::ec2::InstanceStateChange;
use serde_json::Value;

use super::fields::Obj;
use super::{Envelope, IntakeError, locate, typed};
use crate::incident::{Ec2StateTrigger, Incident, Resource, ResourceKind, Trigger};

const STATES: [&str; 6] = [
    "pending",
    "running",
    "stopping",
    "stopped",
    "shutting-down",
    "terminated",
];

pub(crate) fn from_event(top: &Obj<'_>, env: Envelope) -> Result<Incident, IntakeError> {
    let d = top.req_obj("detail", "the state change detail object")?;
    // `aws_lambda_events`' type is complete here: the two fields AWS sends.
    let change: InstanceStateChange = typed::read(
        top.map.get("detail").unwrap_or(&Value::Null),
        "detail",
        |field| match field {
            "instance-id" => "the instance id, e.g. \"i-0123456789abcdef0\"",
            "state" => "the new instance state, e.g. \"stopped\"",
            _ => "the field EC2 documents",
        },
    )?;
    // Space around the id is no part of it (a real sample has a leading one): the trimmed
    // id is what EC2 answers to and what the resources ARN ends with.
    let (instance_id, state) = (change.instance_id.trim(), change.state.as_str());
    // Blank is as good as missing.
    for (field, value, expected) in [
        (
            "instance-id",
            instance_id,
            "the instance id, e.g. \"i-0123456789abcdef0\"",
        ),
        ("state", state, "the new instance state, e.g. \"stopped\""),
    ] {
        if value.trim().is_empty() {
            return Err(IntakeError::MissingField {
                field: d.field_path(field),
                expected,
            });
        }
    }
    if !STATES.contains(&state) {
        return Err(IntakeError::InvalidValue {
            field: d.field_path("state"),
            expected: "one of pending, running, stopping, stopped, shutting-down, terminated",
            found: state.to_owned(),
        });
    }
    let resource = env
        .resources
        .iter()
        .find(|arn| arn.ends_with(instance_id))
        .map(|arn| Resource::from_id(arn, Some(ResourceKind::Ec2Instance)))
        .unwrap_or_else(|| Resource::from_id(instance_id, Some(ResourceKind::Ec2Instance)));
    let resource = locate(resource, env.region.as_deref(), env.account.as_deref());
    Ok(Incident {
        dedupe_until: 0,
        dedupe_key: format!("ec2-state:{instance_id}:{state}:{}", env.time.to_rfc3339()),
        id: env.id,
        ongoing: !matches!(state, "pending" | "running"),
        trigger: Trigger::Ec2State(Ec2StateTrigger {
            instance_id: instance_id.to_owned(),
            state: state.to_owned(),
        }),
        summary: String::new(),
        resources: vec![resource],
        resources_omitted: 0,
        region: env.region,
        account: env.account,
        started_at: env.time,
        received_at: env.time,
        intake_notes: Vec::new(),
        notes: env.notes,
    })
}
