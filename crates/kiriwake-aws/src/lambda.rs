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

use kiriwake_core::{Incident, Step};
use lambda_runtime::{Diagnostic, Error, LambdaEvent, service_fn};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::handlers::{self, Notifier, NotifyRequest};
use crate::settings::{CoreSettings, Settings, SettingsError};
use crate::steps::{Clients, Isolator, Pending};
use crate::store::IncidentStore;

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
    // Intake reads no settings.
    lambda_runtime::tracing::init_default_subscriber();
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| async move {
        match handlers::intake(&event.payload, chrono::Utc::now()) {
            Ok(incident) => {
                tracing::info!(incident = %incident.id, kind = incident.trigger.kind_name(), summary = %incident.summary, "incident");
                Ok(incident)
            }
            Err(e) => {
                tracing::error!(error = %e, "intake rejected the event");
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

/// Each check function calls only its own step's code, never a match over the three: the
/// other steps' code, and the SDK operations only they call, stay out of its binary.
async fn serve_step(step: Step, checks: StepChecks) -> Result<(), Error> {
    lambda_runtime::tracing::init_default_subscriber();
    let settings = Settings::from_env();
    warn_ignored(&settings.ignored);
    let isolator = Isolator::new(Clients::from_env().await, settings);
    let isolator = &isolator;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let incident: Incident = input("the check function", event.payload)?;
        let report = handlers::StepReport {
            step,
            findings: checks(isolator, &incident).await,
            ignored_settings: isolator.settings.ignored.iter().map(Into::into).collect(),
        };
        let abnormal = report.findings.iter().filter(|f| f.symptom().is_some()).count();
        tracing::info!(incident = %incident.id, ?step, findings = report.findings.len(), abnormal, "step done");
        Ok::<_, Diagnostic>(report)
    }))
    .await
}

/// `classify`: incident + step reports → Classification.
pub async fn serve_classify() -> Result<(), Error> {
    let settings = core_settings();
    let settings = &settings;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let c = handlers::classify(
            input("classify", event.payload)?,
            &settings.core,
            &settings.ignored,
        );
        tracing::info!(incident = %c.incident.id, verdict = ?c.verdict, responsible = ?c.responsible, "classified");
        Ok::<_, Diagnostic>(c)
    }))
    .await
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
    let (notifier, config) = (&notifier, &settings.core);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| async move {
        let request: NotifyRequest = input("notify", event.payload)?;
        let sent = handlers::notify(notifier, &request, config, chrono::Utc::now())
            .await
            .map_err(|e| diagnostic(e.error_type(), &e))?;
        if let Some(e) = &sent.chat_error {
            tracing::warn!(error = %e, "the email went out, the chat notification did not");
        }
        tracing::info!(incident = ?sent.incident_id, kind = ?sent.kind, subject = ?sent.subject, message = ?sent.message_id, "notified");
        Ok::<_, Diagnostic>(sent)
    }))
    .await
}
