//! What each Lambda function does, as plain async functions: the functions' `main.rs`,
//! the `kiriwake` command and the local runner all call these, so every entry point runs
//! the same code.
//!
//! Data between the functions (the state machine passes it along):
//! `intake`: raw event → [`Incident`]; `check-*`: [`Incident`] → [`StepReport`];
//! `classify`: [`ClassifyInput`] → [`Classification`]; `notify`: [`NotifyInput`] → [`Published`].

use chrono::{DateTime, Utc};
use kiriwake_core::lifecycle::{Notice, NoticeKind};
use kiriwake_core::plan::{fill_missing, planned_checks};
use kiriwake_core::render::{code, failure_notification, incident_notification};
use kiriwake_core::{
    Classification, Config, Detail, Finding, Hint, Incident, IntakeError, Note, Step,
    UnavailableReason,
};
use serde::{Deserialize, Serialize};

use crate::error::CheckError;
use crate::publish::{Published, publish, publish_chat, publish_email, publish_notification};
use crate::settings::SettingsError;
use crate::steps::Isolator;
use crate::store::IncidentStore;

/// One step's findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    pub step: Step,
    pub findings: Vec<Finding>,
    /// Settings of the check function that were bad and replaced by their defaults.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored_settings: Vec<IgnoredSetting>,
}

/// A setting a function ignored, as it travels to classify (and into the notification).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IgnoredSetting {
    pub name: String,
    pub value: String,
    pub expected: String,
}

impl From<&SettingsError> for IgnoredSetting {
    fn from(e: &SettingsError) -> Self {
        IgnoredSetting {
            name: e.name.to_owned(),
            value: e.value.clone(),
            expected: e.expected.to_owned(),
        }
    }
}

/// What a state's `Catch` passes on: Step Functions' `Error` and `Cause`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaughtError {
    #[serde(rename = "Error")]
    pub error: String,
    #[serde(rename = "Cause", default)]
    pub cause: String,
}

impl CaughtError {
    /// The error and, read out of its cause (a Lambda error's JSON), the message.
    pub fn describe(&self) -> String {
        if self.cause.is_empty() {
            self.error.clone()
        } else {
            format!(
                "{}: {}",
                self.error,
                kiriwake_core::render::readable_cause(&self.cause)
            )
        }
    }
}

/// A branch of the state machine either reports or fails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StepOutcome {
    Report(StepReport),
    Failed(CaughtError),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifyInput {
    pub incident: Incident,
    #[serde(default)]
    pub steps: Vec<StepOutcome>,
    /// What the state machine's de-duplication (its conditional write to the incident
    /// store) said; absent when an isolation runs without the state machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedupe: Option<Dedupe>,
    /// The execution, which the state machine passes for the logs and metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<String>,
}

/// The Claim state's result: the key was recorded, or the store failed (the isolation goes
/// on, and the notification says a duplicate is possible).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Dedupe {
    Recorded { recorded: bool },
    Failed(CaughtError),
}

/// What `notify` accepts: a classification, or the failure of an earlier state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NotifyInput {
    Classification(Box<Classification>),
    Failure {
        #[serde(rename = "Error")]
        error: String,
        #[serde(rename = "Cause", default)]
        cause: String,
        /// The event that could not be isolated, when the state machine passes it on.
        #[serde(default)]
        event: Option<serde_json::Value>,
        /// The failed execution, whose input (the event) notify reads back when no event
        /// came with the failure.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        execution: Option<String>,
    },
}

/// How `notify` is invoked: by the state machine (its input and the execution, which
/// makes a retry recognisable), for a deferred update, or by hand (a console test event).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NotifyRequest {
    Execution {
        execution: String,
        input: NotifyInput,
    },
    Flush {
        flush: FlushRequest,
    },
    /// A delivery the state machine's de-duplication recognised: nothing to send, only to
    /// count (`DuplicatesSuppressed`) and log.
    Duplicate {
        duplicate: DuplicateDelivery,
        #[serde(default)]
        execution: Option<String>,
    },
    Direct(NotifyInput),
}

/// What the state machine's `Duplicate` state knows of a duplicate delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateDelivery {
    pub dedupe_key: String,
    /// The incident id intake gave this delivery.
    pub incident: String,
    #[serde(default)]
    pub summary: String,
}

/// The update an execution deferred (its Wait state over, it sends it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlushRequest {
    pub incident: String,
    pub execution: String,
}

/// When to come back with a [`FlushRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlushPlan {
    pub incident: String,
    /// Seconds to wait (the state machine's Wait state reads it).
    pub in_seconds: i64,
}

/// What `notify` did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Notified {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<String>,
    /// `opened`, `updated`, `recovered`; absent when nothing was sent (the trigger joined an
    /// incident quietly) or for a failure notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<NoticeKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_message_id: Option<String>,
    /// Without an incident store: why the chat notification could not be published when
    /// the email was (a retry would send the email again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flush: Option<FlushPlan>,
}

impl From<Published> for Notified {
    fn from(p: Published) -> Self {
        Notified {
            subject: Some(p.subject),
            message_id: p.message_id,
            chat_message_id: p.chat_message_id,
            chat_error: p.chat_error,
            ..Notified::default()
        }
    }
}

/// Why `notify` failed; each is retried by the state machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotifyError {
    /// SNS refused a message (`kiriwake.PublishError`).
    Publish(CheckError),
    /// The incident store could not answer for a deferred update or a sent message
    /// (`kiriwake.StoreError`).
    Store(CheckError),
    /// An update or recovery whose incident's opening has not gone out yet
    /// (`kiriwake.OpeningPending`): it must not arrive first.
    OpeningPending(String),
}

impl NotifyError {
    pub fn error_type(&self) -> &'static str {
        match self {
            NotifyError::Publish(_) => "kiriwake.PublishError",
            NotifyError::Store(_) => "kiriwake.StoreError",
            NotifyError::OpeningPending(_) => "kiriwake.OpeningPending",
        }
    }
}

impl std::fmt::Display for NotifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotifyError::Publish(e) => {
                write!(f, "publishing failed ({:?}): {}", e.reason, e.detail)
            }
            NotifyError::Store(e) => write!(
                f,
                "the incident store failed ({:?}): {}",
                e.reason, e.detail
            ),
            NotifyError::OpeningPending(id) => write!(
                f,
                "incident {id}: its opening notification has not gone out yet; this one waits for it"
            ),
        }
    }
}

/// Where `notify` publishes, and the incident store when there is one (without it, every
/// classification is its own notification).
#[derive(Debug)]
pub struct Notifier {
    pub sns: aws_sdk_sns::Client,
    pub topic: String,
    pub chat_topic: Option<String>,
    pub store: Option<IncidentStore>,
    /// Step Functions, to read a failed execution's input back.
    pub sfn: Option<aws_sdk_sfn::Client>,
}

pub fn intake(event: &serde_json::Value, now: DateTime<Utc>) -> Result<Incident, IntakeError> {
    kiriwake_core::intake_value(event, now)
}

pub async fn check(isolator: &Isolator, step: Step, incident: &Incident) -> StepReport {
    StepReport {
        step,
        findings: isolator.run_step(step, incident).await,
        ignored_settings: isolator.settings.ignored.iter().map(Into::into).collect(),
    }
}

/// Classifies; checks a failed or missing step should have run are listed as unavailable.
/// Settings that classify or a check function ignored are named in the reasons.
pub fn classify(
    input: ClassifyInput,
    config: &Config,
    ignored: &[SettingsError],
) -> Classification {
    let mut findings = Vec::new();
    let mut failures = Vec::new();
    let mut ignored: Vec<IgnoredSetting> = ignored.iter().map(Into::into).collect();
    for outcome in input.steps {
        match outcome {
            StepOutcome::Report(r) => {
                findings.extend(r.findings);
                ignored.extend(r.ignored_settings);
            }
            StepOutcome::Failed(e) => failures.push(e.describe()),
        }
    }
    let detail: Detail = if failures.is_empty() {
        Hint::StepDidNotReport.into()
    } else {
        Hint::StepFailed {
            error: kiriwake_core::render::truncate_chars(&failures.join("; "), 300),
        }
        .into()
    };
    fill_missing(
        &planned_checks(&input.incident),
        &mut findings,
        UnavailableReason::Error,
        &detail,
    );
    let mut c = kiriwake_core::classify(input.incident, findings, config);
    if let Some(Dedupe::Failed(e)) = &input.dedupe {
        c.add_note(Note::DedupeUnavailable {
            error: kiriwake_core::render::truncate_chars(&e.describe(), 300),
        });
    }
    ignored.sort();
    ignored.dedup();
    for s in ignored {
        c.add_note(Note::IgnoredSetting {
            name: s.name,
            value: s.value,
            expected: s.expected,
        });
    }
    c
}

/// Publishes: a failure at once; a classification as its incident's life says (opened,
/// updated, recovered, or nothing when it joined quietly); a deferred update when its time
/// came. If the incident store cannot decide, the classification goes out on its own, saying
/// so (a page twice beats an incident lost).
pub async fn notify(
    n: &Notifier,
    request: &NotifyRequest,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Notified, NotifyError> {
    let (execution, input) = match request {
        NotifyRequest::Flush { flush } => {
            let Some(store) = &n.store else {
                return Err(NotifyError::Store(CheckError::new(
                    UnavailableReason::NotConfigured,
                    "a deferred update needs the incident store (KIRIWAKE_INCIDENT_TABLE)",
                )));
            };
            let notice = store
                .flush(&flush.incident, &flush.execution, now)
                .await
                .map_err(NotifyError::Store)?;
            return deliver(n, store, &notice, None, config, now).await;
        }
        NotifyRequest::Duplicate { .. } => return Ok(Notified::default()),
        NotifyRequest::Execution { execution, input } => (execution.clone(), input),
        NotifyRequest::Direct(input) => (String::new(), input),
    };
    match input {
        NotifyInput::Classification(c) => {
            // Worded in notify's language, whichever classify ran in (a deploy that
            // changed `Language` between the two, a classification passed by hand).
            let worded;
            let c: &Classification = if c.lang == config.lang {
                c
            } else {
                worded = c.worded_for(config);
                &worded
            };
            let Some(store) = &n.store else {
                return publish(&n.sns, &n.topic, n.chat_topic.as_deref(), c)
                    .await
                    .map(Notified::from)
                    .map_err(NotifyError::Publish);
            };
            // By hand, the incident's own id stands for the execution.
            let execution = if execution.is_empty() {
                format!("direct:{}", c.incident.id)
            } else {
                execution
            };
            match store.record(c, &execution, now).await {
                Ok(notice) => deliver(n, store, &notice, Some(c), config, now).await,
                // Contended or throttled (a storm): later, by the state machine's retries,
                // rather than a page of its own.
                Err(e) if e.reason == UnavailableReason::Throttled => Err(NotifyError::Store(e)),
                Err(e) => {
                    tracing::error!(error = %e.detail, "the incident store could not decide: notifying on its own");
                    let mut alone = c.clone();
                    let why = config.lang.words().detail(&e.to_detail());
                    alone.reasons.push(
                        config
                            .lang
                            .words()
                            .store_unavailable(&kiriwake_core::render::truncate_chars(&why, 300)),
                    );
                    publish(&n.sns, &n.topic, n.chat_topic.as_deref(), &alone)
                        .await
                        .map(Notified::from)
                        .map_err(NotifyError::Publish)
                }
            }
        }
        NotifyInput::Failure {
            error,
            cause,
            event,
            execution,
        } => {
            let read_back = match (event, execution, &n.sfn) {
                (None, Some(arn), Some(sfn)) => Some(
                    crate::executions::input(sfn, arn)
                        .await
                        .unwrap_or_else(|e| {
                            serde_json::Value::String(format!(
                                "(the event could not be read back from {arn}: {}; it is in the execution's history)",
                                e.detail
                            ))
                        }),
                ),
                _ => None,
            };
            let event = event.as_ref().or(read_back.as_ref());
            let rendered = failure_notification(error, cause, event, config.lang);
            publish_notification(
                &n.sns,
                &n.topic,
                n.chat_topic.as_deref(),
                &rendered,
                &[("verdict", "isolation_failed")],
            )
            .await
            .map(Notified::from)
            .map_err(NotifyError::Publish)
        }
    }
}

/// Sends what `notice` says, each channel once: a message already sent (a retry) is not
/// sent again; an update or recovery waits until its incident's opening went out.
async fn deliver(
    n: &Notifier,
    store: &IncidentStore,
    notice: &Notice,
    c: Option<&Classification>,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Notified, NotifyError> {
    let incident = notice.incident.as_str();
    let mut out = Notified {
        incident_id: Some(incident.to_owned()),
        kind: notice.kind,
        flush: notice.flush_at.map(|at| FlushPlan {
            incident: incident.to_owned(),
            in_seconds: (at - now).num_seconds().max(1),
        }),
        ..Notified::default()
    };
    let Some(kind) = notice.kind else {
        return Ok(out);
    };
    // On each channel, the opening first.
    let opened = |channel: &'static str| async move {
        if !notice.after_opening {
            return Ok(());
        }
        match store.sent(incident, "opened", channel).await {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err(NotifyError::OpeningPending(incident.to_owned())),
            Err(e) => Err(NotifyError::Store(e)),
        }
    };
    opened("email").await?;
    let rendered = incident_notification(notice, kind, c, now, config.lang);
    let p = &notice.summary.picture;
    let mut attributes = vec![
        ("incident_id", incident.to_owned()),
        ("kind", kind.code().to_owned()),
        ("verdict", code(&p.verdict)),
        ("responsible", code(&p.responsible)),
        ("scope", code(&p.scope)),
    ];
    if let Some(c) = c {
        attributes.push(("confidence", code(&c.confidence)));
    }
    out.subject = Some(rendered.subject.clone());
    let message = notice.message.as_str();
    out.message_id = Some(
        once(store, incident, message, "email", now, || {
            publish_email(&n.sns, &n.topic, &rendered, &attributes)
        })
        .await?,
    );
    if let Some(chat) = &n.chat_topic {
        opened("chat").await?;
        out.chat_message_id = Some(
            once(store, incident, message, "chat", now, || {
                publish_chat(&n.sns, chat, &rendered)
            })
            .await?,
        );
    }
    Ok(out)
}

/// Publishes `message` of `incident` on `channel` unless it already went out (a retry),
/// and records that it did; its message id either way.
async fn once<F>(
    store: &IncidentStore,
    incident: &str,
    message: &str,
    channel: &str,
    now: DateTime<Utc>,
    publish: impl FnOnce() -> F,
) -> Result<String, NotifyError>
where
    F: std::future::Future<Output = Result<String, CheckError>>,
{
    if let Some(id) = store
        .sent(incident, message, channel)
        .await
        .map_err(NotifyError::Store)?
    {
        return Ok(id);
    }
    let id = publish().await.map_err(NotifyError::Publish)?;
    store
        .mark_sent(incident, message, channel, &id, now)
        .await
        .map_err(NotifyError::Store)?;
    Ok(id)
}
