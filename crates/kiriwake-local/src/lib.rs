//! kiriwake-local: a local AWS for the main job, the tests and CI.
//!
//! Starts the pinned moto emulator (`tools/moto_launcher.py`) on 127.0.0.1 and stages fault
//! scenarios through the real AWS SDK. Two ways to run a trigger: [`flow::Flow`] deploys the
//! template locally (its rules, the state machine under moto's interpreter, the six
//! function binaries under cargo-lambda's Lambda Runtime API emulator) and runs the trigger
//! through it; [`Local`] calls the functions' handlers in one process (intake → the three
//! steps concurrently → classify → notify). Both read back what SNS delivered to SQS.

pub mod bench;
pub mod emulator;
pub mod flow;
pub mod outbox;
pub mod runtime;
pub mod scenarios;
pub mod template;

use std::time::{Duration, Instant};

use kiriwake_aws::handlers::{self, ClassifyInput, NotifyInput, NotifyRequest, StepOutcome};
use kiriwake_aws::{Clients, Isolator, Settings};
use kiriwake_core::{Classification, Step};

pub use emulator::Emulator;
pub use outbox::{Delivered, Outbox};
pub use scenarios::{REGION, Scenario};

/// One scenario's result.
#[derive(Debug, Clone)]
pub struct Run {
    pub classification: Classification,
    pub email: Delivered,
    pub chat: Delivered,
    /// Intake to classification (the isolation itself), not counting the notification.
    pub isolation: Duration,
}

/// Everything needed to run scenarios against one emulator.
#[derive(Debug)]
pub struct Local {
    pub emulator: Emulator,
    pub conf: aws_config::SdkConfig,
    pub isolator: Isolator,
    pub outbox: Outbox,
}

impl Local {
    pub async fn start(settings: Settings) -> anyhow::Result<Local> {
        let emulator = Emulator::start().await?;
        let conf = emulator.sdk_config(REGION).await;
        let isolator = Isolator::new(Clients::from_conf(&conf), settings);
        let outbox = Outbox::create(&conf).await?;
        Ok(Local {
            emulator,
            conf,
            isolator,
            outbox,
        })
    }

    /// Runs one trigger through the Lambdas' handlers and reads back the notifications.
    pub async fn run(&self, event: &serde_json::Value) -> anyhow::Result<Run> {
        let started = Instant::now();
        let incident = handlers::intake(event, chrono::Utc::now())?;
        let (a, b, c) = tokio::join!(
            handlers::check(&self.isolator, Step::UserSide, &incident),
            handlers::check(&self.isolator, Step::AwsSide, &incident),
            handlers::check(&self.isolator, Step::OutsideAws, &incident),
        );
        let input = ClassifyInput {
            incident,
            steps: [a, b, c].into_iter().map(StepOutcome::Report).collect(),
            dedupe: None,
            execution: None,
        };
        let s = &self.isolator.settings;
        let classification = handlers::classify(input, &s.core, &s.ignored);
        let isolation = started.elapsed();
        handlers::notify(
            &self.outbox.notifier(),
            &NotifyRequest::Direct(NotifyInput::Classification(Box::new(
                classification.clone(),
            ))),
            &self.isolator.settings.core,
            chrono::Utc::now(),
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let (email, chat) = self.outbox.next().await?;
        Ok(Run {
            classification,
            email,
            chat,
            isolation,
        })
    }
}

/// Where the staged scenarios keep their log groups (tags choose them).
pub const LOG_GROUP_PREFIX: &str = "/kiriwake/";

/// Settings for local runs: the environment's, with short time limits.
pub fn local_settings() -> anyhow::Result<Settings> {
    let mut s = Settings::from_env();
    if std::env::var("KIRIWAKE_CALL_TIMEOUT_MS").is_err() {
        s.call_timeout = Duration::from_secs(3);
    }
    // The staged scenarios' log groups, chosen by resource tags, are all under /kiriwake/.
    if std::env::var("KIRIWAKE_LOG_GROUP_PREFIX").is_err() {
        s.log_group_prefix = LOG_GROUP_PREFIX.into();
    }
    Ok(s)
}
