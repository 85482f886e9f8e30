//! What each Lambda function does, as plain async functions: the functions' `main.rs`,
//! the `kiriwake` command and the local runner all call these, so every entry point runs
//! the same code.
//!
//! Data between the functions (the state machine passes it along):
//! `intake`: raw event → [`Incident`]; `check-*`: [`Incident`] → [`StepReport`];
//! `classify`: [`ClassifyInput`] → [`Classification`]; `notify`: [`NotifyInput`] → [`Published`].

use chrono::{DateTime, Utc};
use kiriwake_core::plan::{fill_missing, planned_checks};
use kiriwake_core::render::failure_notification;
use kiriwake_core::{
    Classification, Config, Finding, Incident, IntakeError, Step, UnavailableReason,
};
use serde::{Deserialize, Serialize};

use crate::error::CheckError;
use crate::publish::{Published, publish, publish_notification};
use crate::settings::SettingsError;
use crate::steps::Isolator;

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
    },
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
    let detail = if failures.is_empty() {
        "the step did not report".to_owned()
    } else {
        format!(
            "the step failed ({})",
            kiriwake_core::render::truncate_chars(&failures.join("; "), 300)
        )
    };
    fill_missing(
        &planned_checks(&input.incident),
        &mut findings,
        UnavailableReason::Error,
        &detail,
    );
    let mut c = kiriwake_core::classify(input.incident, findings, config);
    if let Some(Dedupe::Failed(e)) = &input.dedupe {
        let why = kiriwake_core::render::truncate_chars(&e.describe(), 300);
        c.reasons.push(kiriwake_core::describe::dedupe_unavailable(
            &why,
            config.lang,
        ));
    }
    ignored.sort();
    ignored.dedup();
    c.reasons.extend(ignored.iter().map(|s| {
        kiriwake_core::describe::ignored_setting(&s.name, &s.value, &s.expected, config.lang)
    }));
    c
}

pub async fn notify(
    sns: &aws_sdk_sns::Client,
    topic: &str,
    chat_topic: Option<&str>,
    input: &NotifyInput,
    config: &Config,
) -> Result<Published, CheckError> {
    match input {
        NotifyInput::Classification(c) => publish(sns, topic, chat_topic, c).await,
        NotifyInput::Failure {
            error,
            cause,
            event,
        } => {
            let n = failure_notification(error, cause, event.as_ref(), config.lang);
            publish_notification(
                sns,
                topic,
                chat_topic,
                &n,
                &[("verdict", "isolation_failed")],
            )
            .await
        }
    }
}
