//! `kiriwake redrive`: replays what the failure path kept, once the cause is fixed.
//!
//! Two queues hold triggers that were not isolated: the failure path's queue
//! (`FailedIsolationQueue`: the Step Functions "Execution Status Change" event of every
//! isolation that failed, timed out or was stopped, whose `detail.input` is the execution's
//! input) and the dead-letter queue (`TriggerDeadLetterQueue`: events a rule could not
//! deliver, intake's failed asynchronous invocations, e-mails SNS could not deliver). Each
//! message is read as the input its isolation should have started with
//! ([`kept_trigger`]) and started again under a name derived from what it is (the failed
//! execution's name for a status change, else the event's id or the invocation's request
//! id): the same message delivered twice (EventBridge delivers at least once) or a replay
//! interrupted and repeated never isolates it twice (Step Functions refuses a second
//! execution of that name for 90 days, which counts as replayed). A message is deleted only
//! once its isolation started; what cannot be replayed stays in the queue, listed with the
//! reason.
//!
//! A failed isolation wrote its trigger's key to the incident store (the state machine's
//! de-duplication), so its replay would end as a duplicate: the replay first releases the
//! key, if that failed execution still holds it. Nothing else is released: a key another
//! execution holds (the same alarm isolated through its other delivery path) means the
//! trigger was isolated, and its replay rightly ends as a duplicate.

use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_sqs::types::Message;
use serde::Serialize;
use serde_json::Value as Json;

/// A trigger a queue kept, ready to replay.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptTrigger {
    /// The input its isolation should have started with.
    pub input: Json,
    /// What identifies it in every copy of the message ([`trigger_id`]).
    pub id: String,
    /// The isolation that failed with it (a status change from the failure path); none for
    /// what never started one (the dead-letter queue).
    pub failed_execution: Option<String>,
}

/// What one message holds, as a trigger to replay. Errors name why the message is no
/// isolation to replay.
pub fn kept_trigger(body: &str, message_id: &str) -> Result<KeptTrigger, String> {
    let message: Json = serde_json::from_str(body)
        .map_err(|e| format!("not JSON ({e}): not a kiriwake trigger"))?;
    Ok(KeptTrigger {
        input: input_of(&message)?,
        id: trigger_id(&message, message_id),
        failed_execution: is_status_change(&message)
            .then(|| {
                message["detail"]["executionArn"]
                    .as_str()
                    .map(str::to_owned)
            })
            .flatten(),
    })
}

fn is_status_change(message: &Json) -> bool {
    message["detail-type"].as_str() == Some("Step Functions Execution Status Change")
}

fn input_of(message: &Json) -> Result<Json, String> {
    let detail = &message["detail"];
    match message["detail-type"].as_str() {
        // The failure path: the failed execution's own input.
        _ if is_status_change(message) => {
            if detail["inputDetails"]["included"] == Json::Bool(false) {
                return Err(format!(
                    "the execution's input was too large for the event: read it from the \
                     execution's history ({})",
                    detail["executionArn"]
                        .as_str()
                        .unwrap_or("unknown execution")
                ));
            }
            let input = detail["input"]
                .as_str()
                .ok_or("a Step Functions status change without detail.input")?;
            serde_json::from_str(input).map_err(|e| format!("detail.input is not JSON: {e}"))
        }
        // An alarm action's result a rule could not deliver: the rule's InputPath.
        Some("Lambda Function Invocation Result - Success") => detail
            .get("requestPayload")
            .cloned()
            .ok_or_else(|| "an invocation result without detail.requestPayload".to_owned()),
        _ if message["source"].is_string() => Ok(message.clone()),
        _ => match message["Type"].as_str() {
            // SNS could not deliver a notification e-mail: nothing to isolate again.
            Some("Notification") => Err(format!(
                "a notification SNS could not deliver (subject {:?}): read it, nothing to replay",
                message["Subject"].as_str().unwrap_or_default()
            )),
            // Intake's failed asynchronous invocation (its on-failure destination): the
            // alarm's own payload.
            _ if message["requestContext"].is_object() => message
                .get("requestPayload")
                .cloned()
                .ok_or_else(|| "an invocation record without requestPayload".to_owned()),
            _ => Err(
                "neither an EventBridge event, an invocation record nor a status \
                      change: not a kiriwake trigger"
                    .to_owned(),
            ),
        },
    }
}

/// What identifies the trigger a message holds, in every copy of the message: the failed
/// execution's name, the event's id, the invocation's request id; else the message's id.
fn trigger_id(message: &Json, message_id: &str) -> String {
    [
        message["detail"]["name"]
            .as_str()
            .filter(|_| is_status_change(message)),
        message["requestContext"]["requestId"].as_str(),
        message["detail"]["requestContext"]["requestId"].as_str(),
        message["id"].as_str(),
    ]
    .into_iter()
    .flatten()
    .find(|id| !id.is_empty())
    .unwrap_or(message_id)
    .to_owned()
}

/// An execution name Step Functions accepts (at most 80 of `[A-Za-z0-9_-]`), the same for
/// the same trigger.
fn execution_name(trigger_id: &str) -> String {
    let safe: String = trigger_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(71)
        .collect();
    format!("redrive-{safe}")
}

/// What a redrive did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Isolations started again (their messages deleted).
    pub replayed: Vec<Replayed>,
    /// Messages left in the queue, and why.
    pub kept: Vec<Kept>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replayed {
    pub message_id: String,
    /// Empty on a dry run.
    pub execution_arn: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kept {
    pub message_id: String,
    pub reason: String,
}

#[derive(Debug, thiserror::Error)]
pub enum RedriveError {
    #[error("reading {queue} failed: {detail}")]
    Queue { queue: String, detail: String },
}

fn queue_error(queue: &str, e: impl std::fmt::Debug) -> RedriveError {
    RedriveError::Queue {
        queue: queue.to_owned(),
        detail: format!("{e:?}"),
    }
}

/// Where replays go: the clients, the state machine and the incident store.
#[derive(Debug, Clone)]
pub struct Redrive {
    pub sqs: aws_sdk_sqs::Client,
    pub sfn: aws_sdk_sfn::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// The isolation state machine (the stack's `StateMachineArn`).
    pub state_machine: String,
    /// The incident store (the stack's `IncidentTableName`).
    pub table: String,
    /// Read and report only: start nothing, release nothing, delete nothing.
    pub dry_run: bool,
}

impl Redrive {
    /// The clients from the standard AWS environment (credentials chain, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL` for an emulator).
    pub async fn from_env(state_machine: &str, table: &str, dry_run: bool) -> Redrive {
        let conf = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        Redrive::new(&conf, state_machine, table, dry_run)
    }

    pub fn new(
        conf: &aws_config::SdkConfig,
        state_machine: &str,
        table: &str,
        dry_run: bool,
    ) -> Redrive {
        Redrive {
            sqs: aws_sdk_sqs::Client::new(conf),
            sfn: aws_sdk_sfn::Client::new(conf),
            dynamodb: aws_sdk_dynamodb::Client::new(conf),
            state_machine: state_machine.to_owned(),
            table: table.to_owned(),
            dry_run,
        }
    }

    /// Replays every message of `queue`. A dry run reads and reports only.
    ///
    /// Messages read stay invisible while the run lasts (so none is read twice) and those
    /// kept are made visible again at the end, also when the run stops on an error.
    pub async fn queue(&self, queue: &str) -> Result<Report, RedriveError> {
        let mut report = Report::default();
        let mut held: Vec<String> = Vec::new();
        let read = self.read_all(queue, &mut report, &mut held).await;
        // Every kept message is made visible again, even after one could not be: the first
        // error is the one reported.
        let mut shown = Ok(());
        for handle in held {
            let made_visible = self
                .sqs
                .change_message_visibility()
                .queue_url(queue)
                .receipt_handle(handle)
                .visibility_timeout(0)
                .send()
                .await;
            if let Err(e) = made_visible {
                shown = shown.and(Err(queue_error(queue, e)));
            }
        }
        read.and(shown).map(|()| report)
    }

    async fn read_all(
        &self,
        queue: &str,
        report: &mut Report,
        held: &mut Vec<String>,
    ) -> Result<(), RedriveError> {
        let sqs = &self.sqs;
        let dry_run = self.dry_run;
        let mut seen = std::collections::BTreeSet::new();
        loop {
            // A short wait: an empty answer from one sample of the queue's servers is not yet
            // an empty queue.
            let got = sqs
                .receive_message()
                .queue_url(queue)
                .max_number_of_messages(10)
                .visibility_timeout(900)
                .wait_time_seconds(2)
                .send()
                .await
                .map_err(|e| queue_error(queue, e))?;
            let fresh: Vec<&Message> = got
                .messages()
                .iter()
                .filter(|m| seen.insert(m.message_id().unwrap_or_default().to_owned()))
                .collect();
            if fresh.is_empty() {
                return Ok(());
            }
            for m in fresh {
                let id = m.message_id().unwrap_or_default().to_owned();
                let handle = m.receipt_handle().unwrap_or_default().to_owned();
                match self.replay(m).await {
                    Ok(execution_arn) => {
                        if dry_run {
                            held.push(handle);
                        } else {
                            sqs.delete_message()
                                .queue_url(queue)
                                .receipt_handle(&handle)
                                .send()
                                .await
                                .map_err(|e| queue_error(queue, e))?;
                        }
                        report.replayed.push(Replayed {
                            message_id: id,
                            execution_arn,
                        });
                    }
                    Err(reason) => {
                        held.push(handle);
                        report.kept.push(Kept {
                            message_id: id,
                            reason,
                        });
                    }
                }
            }
        }
    }

    async fn replay(&self, m: &Message) -> Result<String, String> {
        let trigger = kept_trigger(
            m.body().unwrap_or_default(),
            m.message_id().unwrap_or_default(),
        )?;
        if self.dry_run {
            return Ok(String::new());
        }
        if let Some(failed) = &trigger.failed_execution {
            self.release(&trigger.input, failed).await?;
        }
        let name = execution_name(&trigger.id);
        match self
            .sfn
            .start_execution()
            .state_machine_arn(&self.state_machine)
            .name(&name)
            .input(trigger.input.to_string())
            .send()
            .await
        {
            Ok(started) => Ok(started.execution_arn().to_owned()),
            // Replayed before (another copy, or a run that stopped before deleting it).
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_execution_already_exists()) =>
            {
                Ok(format!(
                    "{}:{name}",
                    self.state_machine
                        .replacen(":stateMachine:", ":execution:", 1)
                ))
            }
            Err(e) => Err(format!("StartExecution failed: {e:?}")),
        }
    }

    /// Releases the trigger's key in the incident store if the isolation that failed with
    /// it holds it, so that the replay is not taken for its duplicate. A key another
    /// execution holds stays (an isolation of the same trigger that did not fail, or this
    /// replay started before); a trigger intake cannot read has no key.
    async fn release(&self, input: &Json, failed: &str) -> Result<(), String> {
        let Ok(incident) = kiriwake_core::intake_value(input, chrono::Utc::now()) else {
            return Ok(());
        };
        let pk = format!("{DELIVERY_PREFIX}{}", incident.dedupe_key);
        let released = self
            .dynamodb
            .delete_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(pk.clone()))
            .condition_expression("execution = :failed")
            .expression_attribute_values(":failed", AttributeValue::S(failed.to_owned()))
            .send()
            .await;
        match released {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(format!(
                "could not release its key {pk} in {}, so its replay would end as a duplicate: {e:?}",
                self.table
            )),
        }
    }
}

/// How the state machine's Claim state prefixes a delivery's key in the incident store.
pub const DELIVERY_PREFIX: &str = "delivery#";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use super::*;

    fn execution_input(body: &str) -> Result<Json, String> {
        kept_trigger(body, "m").map(|t| t.input)
    }

    #[test]
    fn each_kept_shape_is_read_as_the_input_it_should_have_started() {
        let trigger = json!({"source": "aws.health", "detail-type": "AWS Health Event", "detail": {"eventArn": "x"}});
        let status_change = json!({
            "source": "aws.states",
            "detail-type": "Step Functions Execution Status Change",
            "detail": {"status": "FAILED", "input": trigger.to_string(), "inputDetails": {"included": true}},
        });
        assert_eq!(
            execution_input(&status_change.to_string()),
            Ok(trigger.clone())
        );
        assert_eq!(execution_input(&trigger.to_string()), Ok(trigger.clone()));
        let alarm = json!({"alarmData": {"alarmName": "a"}});
        let result = json!({
            "source": "lambda",
            "detail-type": "Lambda Function Invocation Result - Success",
            "detail": {"requestPayload": alarm, "requestContext": {}},
        });
        assert_eq!(execution_input(&result.to_string()), Ok(alarm.clone()));
        let record =
            json!({"requestContext": {"condition": "RetriesExhausted"}, "requestPayload": alarm});
        assert_eq!(execution_input(&record.to_string()), Ok(alarm));
    }

    #[test]
    fn what_cannot_be_replayed_says_why() {
        let too_large = json!({
            "source": "aws.states",
            "detail-type": "Step Functions Execution Status Change",
            "detail": {"executionArn": "arn:x", "inputDetails": {"included": false}},
        });
        assert!(
            execution_input(&too_large.to_string())
                .unwrap_err()
                .contains("arn:x")
        );
        let email = json!({"Type": "Notification", "Subject": "[kiriwake] AWS side"});
        assert!(
            execution_input(&email.to_string())
                .unwrap_err()
                .contains("AWS side")
        );
        assert!(
            execution_input("not json")
                .unwrap_err()
                .contains("not JSON")
        );
        assert!(
            execution_input("{}")
                .unwrap_err()
                .contains("not a kiriwake trigger")
        );
    }

    #[test]
    fn names_are_valid_and_the_same_for_every_copy_of_a_trigger() {
        let name = execution_name("a1b2:c3/d4");
        assert_eq!(name, "redrive-a1b2_c3_d4");
        assert!(execution_name(&"x".repeat(200)).len() <= 80);
        let failed = json!({"id": "event-1", "detail-type": "Step Functions Execution Status Change", "detail": {"name": "run-7"}});
        assert_eq!(trigger_id(&failed, "m1"), "run-7");
        let event = json!({"id": "event-2", "source": "aws.health"});
        assert_eq!(trigger_id(&event, "m2"), "event-2");
        let record = json!({"requestContext": {"requestId": "req-3"}, "requestPayload": {}});
        assert_eq!(trigger_id(&record, "m3"), "req-3");
        assert_eq!(trigger_id(&json!({"requestPayload": {}}), "m4"), "m4");
    }

    #[test]
    fn only_a_failed_isolation_has_a_key_to_release() {
        let trigger = json!({"id": "e", "source": "aws.health", "detail-type": "AWS Health Event", "detail": {}});
        let failed = json!({
            "detail-type": "Step Functions Execution Status Change",
            "detail": {"executionArn": "arn:aws:states:r:1:execution:m:run-1", "name": "run-1",
                       "input": trigger.to_string(), "inputDetails": {"included": true}},
        });
        assert_eq!(
            kept_trigger(&failed.to_string(), "m")
                .unwrap()
                .failed_execution
                .as_deref(),
            Some("arn:aws:states:r:1:execution:m:run-1")
        );
        // A dead letter never started an isolation: a key someone holds is another's.
        assert_eq!(
            kept_trigger(&trigger.to_string(), "m")
                .unwrap()
                .failed_execution,
            None
        );
    }

    #[test]
    fn the_released_key_is_the_one_the_state_machine_claims() {
        let asl = include_str!("../../../statemachine/isolation.asl.json");
        let claim = format!("States.Format('{DELIVERY_PREFIX}{{}}', $.incident.dedupe_key)");
        assert!(
            asl.contains(&claim),
            "the Claim state no longer writes {claim}"
        );
    }
}
