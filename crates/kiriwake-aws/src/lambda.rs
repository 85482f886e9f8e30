//! Serving the handlers on the Lambda Runtime API. Each function's `main.rs` calls one of
//! these: configuration and clients are built once per cold start, then every event goes
//! to the plain handler in `handlers`.
//!
//! A failed invocation reports a stable error type, which is what Step Functions shows as
//! `Error` (and what a `Retry` or `Catch` can name): `kiriwake.InvalidInput` (the payload
//! is not what this function reads), `kiriwake.IntakeError` (intake cannot read the
//! trigger), `kiriwake.PublishError` (SNS refused the notification), `kiriwake.StoreError`
//! (the incident store could not answer for a deferred update or a sent message),
//! `kiriwake.OpeningPending` (an update or recovery whose incident's opening has not gone
//! out yet). The message says what was wrong.
//!
//! Every invocation writes its log lines in a span naming the execution (when the state
//! machine passes it) and the incident, and ends by writing its metrics as EMF
//! ([`crate::telemetry`]).

use kiriwake_core::{Incident, Step};
use lambda_runtime::{Diagnostic, Error, LambdaEvent, service_fn};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

use crate::handlers::{self, Notifier, NotifyInput, NotifyRequest};
use crate::settings::{CoreSettings, Settings, SettingsError};
use crate::steps::{Clients, Isolator, Pending};
use crate::store::IncidentStore;
use crate::telemetry::{self, Ids, Telemetry};

fn diagnostic(error_type: &str, message: impl std::fmt::Display) -> Diagnostic {
    Diagnostic {
        error_type: error_type.to_owned(),
        error_message: message.to_string(),
    }
}

/// The payload as this function's input type, or `kiriwake.InvalidInput` naming what was
/// wrong (the runtime's own error would carry a Rust type name instead).
fn input<T: DeserializeOwned>(function: &str, payload: Value) -> Result<T, Diagnostic> {
    serde_json::from_value(payload).map_err(|e| {
        diagnostic(
            "kiriwake.InvalidInput",
            format!("{function} cannot read its input: {e}"),
        )
    })
}

/// Logs each setting that was bad and fell back to its default.
fn warn_ignored(ignored: &[SettingsError]) {
    for e in ignored {
        tracing::warn!(setting = e.name, error = %e, "setting ignored: its default is used");
    }
}

/// Settings for classify and notify: language, support plan, time zone.
fn core_settings() -> CoreSettings {
    lambda_runtime::tracing::init_default_subscriber();
    let settings = CoreSettings::from_env();
    warn_ignored(&settings.ignored);
    settings
}

/// `intake`: any trigger → Incident. Bad input fails the invocation with a message that
/// names the field (the state machine's Catch sends it to `notify`).
pub async fn serve_intake() -> Result<(), Error> {
    // Intake reads no settings. Its payload is the event as delivered (as large as a state
    // may be), so no execution id comes with it: its lines carry the incident id, which
    // every later function's lines carry too.
    lambda_runtime::tracing::init_default_subscriber();
    let telemetry = Telemetry::init();
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        match handlers::intake(&event.payload, chrono::Utc::now()) {
            Ok(incident) => {
                let ids = Ids {
                    execution: None,
                    incident: Some(&incident.id),
                };
                let _span = ids.span("intake").entered();
                tracing::info!(kind = incident.trigger.kind_name(), summary = %incident.summary, "incident");
                Ok(incident)
            }
            Err(e) => {
                telemetry::trigger_refused();
                tracing::error!(error = %e, "intake rejected the event");
                telemetry.flush(&Ids::default());
                Err(diagnostic("kiriwake.IntakeError", e))
            }
        }
    }))
    .await
}

/// One step's checks, as the [`Isolator`] runs them.
type StepChecks = for<'a> fn(&'a Isolator, &'a Incident) -> Pending<'a>;

/// `check-user-side`: Incident → StepReport (step 1).
pub async fn serve_user_side() -> Result<(), Error> {
    serve_step(Step::UserSide, |i, incident| {
        Box::pin(i.user_side(incident))
    })
    .await
}

/// `check-aws-side`: Incident → StepReport (step 2).
pub async fn serve_aws_side() -> Result<(), Error> {
    serve_step(Step::AwsSide, |i, incident| Box::pin(i.aws_side(incident))).await
}

/// `check-outside-aws`: Incident → StepReport (step 3).
pub async fn serve_outside_aws() -> Result<(), Error> {
    serve_step(Step::OutsideAws, |i, incident| {
        Box::pin(i.outside_aws(incident))
    })
    .await
}

/// A check function's input: from the state machine, the incident and its execution; from
/// a console test event, the incident alone.
#[derive(Debug, Deserialize)]
struct CheckRequest {
    incident: Incident,
    #[serde(default)]
    execution: Option<String>,
}

impl CheckRequest {
    fn read(payload: Value) -> Result<CheckRequest, Diagnostic> {
        const WHO: &str = "the check function";
        // An incident has no `incident` field: its presence says which of the two it is.
        if payload.get("incident").is_some() {
            input(WHO, payload)
        } else {
            Ok(CheckRequest {
                incident: input(WHO, payload)?,
                execution: None,
            })
        }
    }
}

/// Each check function calls only its own step's code, never a match over the three: the
/// other steps' code, and the SDK operations only they call, stay out of its binary.
async fn serve_step(step: Step, checks: StepChecks) -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let telemetry = Telemetry::init();
    let settings = Settings::from_env();
    warn_ignored(&settings.ignored);
    let isolator = Isolator::new(Clients::from_env().await, settings);
    let isolator = &isolator;
    let function = match step {
        Step::UserSide => "check-user-side",
        Step::AwsSide => "check-aws-side",
        Step::OutsideAws => "check-outside-aws",
    };
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let request = CheckRequest::read(event.payload)?;
        let ids = Ids {
            execution: request.execution.as_deref(),
            incident: Some(&request.incident.id),
        };
        let span = ids.span(function);
        let started = std::time::Instant::now();
        let report = handlers::StepReport {
            step,
            findings: checks(isolator, &request.incident)
                .instrument(span.clone())
                .await,
            ignored_settings: isolator.settings.ignored.iter().map(Into::into).collect(),
        };
        let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let _span = span.entered();
        telemetry::step(step, &report.findings, millis);
        let abnormal = report
            .findings
            .iter()
            .filter(|f| f.symptom().is_some())
            .count();
        tracing::info!(
            ?step,
            findings = report.findings.len(),
            abnormal,
            millis,
            "step done"
        );
        telemetry.flush(&ids);
        Ok::<_, Diagnostic>(report)
    }))
    .await
}

/// `classify`: incident + step reports → Classification.
pub async fn serve_classify() -> Result<(), Error> {
    let settings = core_settings();
    let telemetry = Telemetry::init();
    let settings = &settings;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let request: handlers::ClassifyInput = input("classify", event.payload)?;
        let execution = request.execution.clone();
        let c = handlers::classify(request, &settings.core, &settings.ignored);
        let ids = Ids {
            execution: execution.as_deref(),
            incident: Some(&c.incident.id),
        };
        let _span = ids.span("classify").entered();
        telemetry::classification(&c, chrono::Utc::now());
        tracing::info!(verdict = ?c.verdict, responsible = ?c.responsible, scope = ?c.scope, "classified");
        log_classification(&c, &ids);
        telemetry.flush(&ids);
        Ok::<_, Diagnostic>(c)
    }))
    .await
}

/// The whole classification as one JSON log line, shaped like the tracing lines (the same
/// `span` fields), so Logs Insights reads its fields as fields. A struct, not `json!`: the
/// short fields come first whatever serde_json's map order (Logs Insights extracts the first
/// 200 fields of an event, and a classification has hundreds).
fn log_classification(c: &kiriwake_core::Classification, ids: &Ids<'_>) {
    use std::io::Write;
    #[derive(serde::Serialize)]
    struct Line<'a> {
        level: &'static str,
        fields: Message,
        span: Span<'a>,
        classification: &'a kiriwake_core::Classification,
    }
    #[derive(serde::Serialize)]
    struct Message {
        message: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Span<'a> {
        name: &'static str,
        function: &'static str,
        execution: &'a str,
        incident: &'a str,
    }
    let line = Line {
        level: "INFO",
        fields: Message {
            message: "the full classification",
        },
        span: Span {
            name: "kiriwake",
            function: "classify",
            execution: ids.execution.unwrap_or(""),
            incident: ids.incident.unwrap_or(""),
        },
        classification: c,
    };
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &line)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    if written.is_err() {
        tracing::warn!("the classification could not be written to the log");
    }
}

/// `notify`: Classification (or a failure) → its incident's notification on SNS.
pub async fn serve_notify() -> Result<(), Error> {
    let settings = core_settings();
    let topic = std::env::var("KIRIWAKE_TOPIC_ARN")
        .map_err(|_| "KIRIWAKE_TOPIC_ARN is not set: the SNS topic to publish to")?;
    let chat_topic = std::env::var("KIRIWAKE_CHAT_TOPIC_ARN")
        .ok()
        .filter(|s| !s.is_empty());
    // Only SNS, DynamoDB and Step Functions: building the other clients would cost cold-start time and
    // binary size. Each attempt and the whole call are bounded within the function's
    // timeout, so a hung connection is retried (standard backoff, four attempts) rather
    // than waited out; the state machine retries a refused publish for minutes beyond that.
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(std::time::Duration::from_secs(3))
                .operation_attempt_timeout(std::time::Duration::from_secs(5))
                .operation_timeout(std::time::Duration::from_secs(20))
                .build(),
        )
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(4))
        .load()
        .await;
    let store = std::env::var("KIRIWAKE_INCIDENT_TABLE")
        .ok()
        .filter(|t| !t.is_empty())
        .map(|table| IncidentStore {
            client: aws_sdk_dynamodb::Client::new(&conf),
            table,
            config: settings.life,
        });
    if store.is_none() {
        tracing::warn!(
            "KIRIWAKE_INCIDENT_TABLE is not set: every classification is notified on its own"
        );
    }
    let notifier = Notifier {
        sns: aws_sdk_sns::Client::new(&conf),
        topic,
        chat_topic,
        store,
        sfn: Some(aws_sdk_sfn::Client::new(&conf)),
    };
    let telemetry = Telemetry::init();
    let (notifier, config) = (&notifier, &settings.core);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let request: NotifyRequest = input("notify", event.payload)?;
        let (execution, incident) = request_ids(&request);
        let ids = Ids {
            execution: execution.as_deref(),
            incident: incident.as_deref(),
        };
        let span = ids.span("notify");
        let sent = handlers::notify(notifier, &request, config, chrono::Utc::now())
            .instrument(span.clone())
            .await;
        let _span = span.entered();
        let sent = match sent {
            Ok(sent) => sent,
            Err(e) => {
                // Only SNS's refusals: a store's contention or an update waiting for its
                // opening is the state machine's ordinary retry, not a failure.
                if let handlers::NotifyError::Publish(_) = e {
                    telemetry::publish_failure();
                }
                tracing::error!(error = %e, "not notified: the state machine retries");
                telemetry.flush(&ids);
                return Err(diagnostic(e.error_type(), &e));
            }
        };
        if let NotifyRequest::Duplicate { duplicate, .. } = &request {
            telemetry::duplicate();
            tracing::info!(dedupe_key = %duplicate.dedupe_key, summary = %duplicate.summary, "a duplicate delivery: no isolation, no notification");
            telemetry.flush(&ids);
            return Ok(sent);
        }
        if let Some(kind) = notification_kind(&request, &sent) {
            telemetry::notification(kind);
        }
        if let Some(e) = &sent.chat_error {
            tracing::warn!(error = %e, "the email went out, the chat notification did not");
        }
        // The incident people were told about (its id is in the subject and the chat
        // thread): the one this trigger opened or joined.
        tracing::info!(incident_id = sent.incident_id.as_deref().unwrap_or(""), kind = ?sent.kind, subject = ?sent.subject, message = ?sent.message_id, "notified");
        telemetry.flush(&ids);
        Ok::<_, Diagnostic>(sent)
    }))
    .await
}

/// What notify did, for the `Notifications` metric: the notice's kind; `failure` for a
/// failure notice; `opened` for a classification sent on its own (no incident store);
/// `joined` for a trigger that joined its incident quietly; nothing for a deferred update
/// that found nothing left to send.
fn notification_kind(request: &NotifyRequest, sent: &handlers::Notified) -> Option<&'static str> {
    if let Some(kind) = sent.kind {
        return Some(kind.code());
    }
    let input = match request {
        NotifyRequest::Execution { input, .. } | NotifyRequest::Direct(input) => input,
        NotifyRequest::Flush { .. } | NotifyRequest::Duplicate { .. } => return None,
    };
    Some(match input {
        NotifyInput::Failure { .. } => "failure",
        NotifyInput::Classification(_) if sent.incident_id.is_none() => "opened",
        NotifyInput::Classification(_) => "joined",
    })
}

/// The execution and the incident a notify request is about, as far as it says.
fn request_ids(request: &NotifyRequest) -> (Option<String>, Option<String>) {
    let incident = |input: &NotifyInput| match input {
        NotifyInput::Classification(c) => Some(c.incident.id.clone()),
        NotifyInput::Failure { .. } => None,
    };
    match request {
        NotifyRequest::Execution { execution, input } => (Some(execution.clone()), incident(input)),
        NotifyRequest::Flush { flush } => {
            (Some(flush.execution.clone()), Some(flush.incident.clone()))
        }
        NotifyRequest::Duplicate {
            duplicate,
            execution,
        } => (execution.clone(), Some(duplicate.incident.clone())),
        NotifyRequest::Direct(input) => (None, incident(input)),
    }
}
