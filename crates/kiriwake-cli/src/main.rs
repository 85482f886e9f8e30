//! `kiriwake`: run the isolation pipeline in one process, for local runs and game days.
//!
//! Exit codes: 0 when the event was classified, 2 for bad input or usage (one line on
//! stderr naming what was wrong), 1 for anything else.

use std::fmt;
use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kiriwake_aws::publish::publish;
use kiriwake_aws::{Clients, Isolator, Settings};
use kiriwake_core::intake::MAX_EVENT_BYTES;
use kiriwake_core::render::{flowchart, notification};
use kiriwake_core::{Config, Lang, SupportPlan, classify, intake, plan};

#[derive(Debug, Parser)]
#[command(
    name = "kiriwake",
    version,
    about = "Automated AWS failure isolation (障害切り分け)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Classify one event: where the fault is, how wide, who must act, what to do next.
    Isolate(IsolateArgs),
    /// Read lines on standard input and print them as kiriwake would let them leave the
    /// account (secrets masked): check what a notification would show of your logs.
    Redact,
    /// Replay the triggers of isolations that failed, once the cause is fixed: every message
    /// of the queue starts its isolation again on the state machine and is then deleted;
    /// what cannot be replayed stays, with the reason. Prints a JSON report.
    Redrive(RedriveArgs),
    /// Delete the function versions deploys kept that nothing may invoke any more: not those
    /// an alias, the current definition, or the definition of a running (or redrivable)
    /// execution names, the one before the version in use (a rollback's), or one a deploy
    /// in progress may have just published. Run it while no deploy is in progress. Prints a
    /// JSON report.
    Prune(PruneArgs),
}

#[derive(Debug, clap::Args)]
struct PruneArgs {
    /// The isolation state machine (the stack's StateMachineArn output): its functions'
    /// versions are pruned.
    #[arg(long, value_name = "STATE_MACHINE_ARN")]
    state_machine: String,
    /// A version newer than every version in use is kept this long after it was published
    /// (a deploy may be moving to it). 0 after a failed deploy, while no deploy runs: its
    /// versions go, so that the deploy can be retried.
    #[arg(long, value_name = "MINUTES", default_value_t = 60)]
    grace_minutes: u32,
    /// Read and report only: delete nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, clap::Args)]
struct RedriveArgs {
    /// The queue (the stack's FailedIsolationQueueUrl or DeadLetterQueueUrl output).
    #[arg(long, value_name = "QUEUE_URL")]
    queue: String,
    /// The isolation state machine (the stack's StateMachineArn output).
    #[arg(long, value_name = "STATE_MACHINE_ARN")]
    state_machine: String,
    /// The incident store (the stack's IncidentTableName output): each replay first
    /// releases its trigger's key there, or it would end as a duplicate of what failed.
    #[arg(long, value_name = "TABLE")]
    table: String,
    /// Read and report only: start nothing, delete nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, clap::Args)]
struct IsolateArgs {
    /// The event file (EventBridge event, alarm action payload or manual request); `-` reads stdin.
    #[arg(long, value_name = "FILE|-")]
    event: String,
    /// Do not call AWS: every live check is reported as `not_run`.
    #[arg(long)]
    offline: bool,
    /// Also publish the notification to this SNS topic (email subject and body).
    #[arg(long, value_name = "TOPIC_ARN", conflicts_with = "offline")]
    notify: Option<String>,
    /// With --notify: also publish the Amazon Q chat notification to this topic.
    #[arg(long, value_name = "TOPIC_ARN", requires = "notify")]
    chat_topic: Option<String>,
    /// Language of the classification and notification: en or ja (read as the functions
    /// read KIRIWAKE_LANG: `Japanese`, `JA` and `jp` too).
    #[arg(long, env = "KIRIWAKE_LANG", default_value = "en", value_parser = Lang::parse)]
    lang: Lang,
    /// What to print.
    #[arg(long, value_enum, default_value = "text")]
    output: Output,
    /// Your AWS Support plan: basic, developer, business, enterprise-on-ramp, enterprise.
    #[arg(long, env = "KIRIWAKE_SUPPORT_PLAN", default_value = "business")]
    support_plan: String,
    /// Time zone for times shown to people: Asia/Tokyo, America/New_York (daylight saving
    /// followed) or an offset like +09:00 (default: JST for ja, UTC for en).
    #[arg(long = "time-zone", alias = "tz-offset", env = "KIRIWAKE_TIME_ZONE")]
    tz_offset: Option<String>,
    /// Name of that time zone, e.g. JST.
    #[arg(long, env = "KIRIWAKE_TZ_LABEL")]
    tz_label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    /// The method's flowchart: each step, each check, then the verdict.
    Text,
    /// The classification as JSON (stable keys for scripts).
    Json,
    /// The email the notifier would send: subject, a blank line, the body.
    Email,
    /// The Amazon Q Developer in chat applications notification JSON.
    Chat,
}

/// The caller's mistake (bad input or configuration): exit 2.
#[derive(Debug)]
struct UsageError(String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(msg: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(msg.into()))
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Isolate(args) => isolate(&args).await,
        Command::Redact => return redact_stdin(),
        Command::Redrive(args) => redrive(&args).await,
        Command::Prune(args) => prune(&args).await,
    };
    match result {
        Ok(out) => {
            // A reader that went away (`| head`) is not an error: exit quietly.
            use std::io::Write;
            if let Err(e) = writeln!(std::io::stdout().lock(), "{out}")
                && e.kind() != std::io::ErrorKind::BrokenPipe
            {
                eprintln!("kiriwake: writing the output failed: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let code = if e.is::<UsageError>() { 2 } else { 1 };
            let line = format!("{e:#}").replace('\n', " ");
            eprintln!("kiriwake: {line}");
            ExitCode::from(code)
        }
    }
}

async fn isolate(args: &IsolateArgs) -> anyhow::Result<String> {
    let mut config = Config::for_lang(args.lang);
    config.support_plan =
        SupportPlan::parse(&args.support_plan).map_err(|e| usage(e.to_string()))?;
    if let Some(offset) = &args.tz_offset {
        config = config
            .with_timezone(offset, args.tz_label.as_deref())
            .map_err(|e| usage(e.to_string()))?;
    } else if let Some(label) = &args.tz_label {
        config.tz_label = label.clone();
    }
    // The check settings come from the environment; flags win for what they set.
    let mut settings = if args.offline {
        Settings::default()
    } else {
        let s = Settings::from_env();
        for e in &s.ignored {
            eprintln!("kiriwake: setting ignored, its default is used: {e}");
        }
        s
    };
    settings.core = config.clone();

    let raw = read_event(&args.event)?;
    let incident =
        intake(&raw, chrono::Utc::now()).map_err(|e| usage(format!("{}: {e}", args.event)))?;
    let classification = if args.offline {
        let findings = plan::offline_findings(&incident);
        classify(incident, findings, &config)
    } else {
        let isolator = Isolator::new(Clients::from_env().await, settings);
        let findings = isolator.all_steps(&incident).await;
        let classification = classify(incident, findings, &config);
        if let Some(topic) = &args.notify {
            let sent = publish(
                &isolator.clients.sns,
                topic,
                args.chat_topic.as_deref(),
                &classification,
            )
            .await
            .map_err(|e| anyhow::anyhow!("publishing to {topic} failed: {}", e.detail))?;
            eprintln!(
                "kiriwake: published {:?} to {topic} (message {})",
                sent.subject,
                sent.message_id.unwrap_or_default()
            );
        }
        classification
    };

    Ok(match args.output {
        Output::Text => flowchart(&classification),
        Output::Json => serde_json::to_string_pretty(&classification)?,
        Output::Email => {
            let n = notification(&classification);
            format!("Subject: {}\n\n{}", n.subject, n.body)
        }
        Output::Chat => notification(&classification).chat,
    })
}

/// `kiriwake redrive`: replays a queue's kept triggers; the report as JSON.
async fn redrive(args: &RedriveArgs) -> anyhow::Result<String> {
    let report =
        kiriwake_redrive::Redrive::from_env(&args.state_machine, &args.table, args.dry_run)
            .await
            .queue(&args.queue)
            .await?;
    Ok(serde_json::to_string_pretty(&report)?)
}

/// `kiriwake prune`: deletes the versions nothing may invoke; the report as JSON. A
/// version Lambda refused to delete fails the command after the report.
async fn prune(args: &PruneArgs) -> anyhow::Result<String> {
    let grace = chrono::Duration::minutes(i64::from(args.grace_minutes));
    let report = kiriwake_prune::Prune::from_env(args.dry_run, grace)
        .await
        .state_machine(&args.state_machine)
        .await?;
    let out = serde_json::to_string_pretty(&report)?;
    if !report.complete() {
        println!("{out}");
        anyhow::bail!("some versions could not be deleted (see \"failed\" above)");
    }
    Ok(out)
}

/// `kiriwake redact`: standard input to standard output, line by line, secrets masked.
fn redact_stdin() -> ExitCode {
    use std::io::{BufRead, Write};
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.split(b'\n') {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("kiriwake: reading standard input failed: {e}");
                return ExitCode::FAILURE;
            }
        };
        // Not UTF-8 (a binary log): shown as it would be decoded, never dropped silently.
        let text = String::from_utf8_lossy(&line);
        let text = text.strip_suffix('\r').unwrap_or(&text);
        match writeln!(stdout, "{}", kiriwake_core::redact::redact(text)) {
            Ok(()) => {}
            // A reader that went away (`| head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kiriwake: writing the output failed: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Reads at most one byte past the limit, so an oversized file is reported, not loaded.
fn read_event(path: &str) -> anyhow::Result<Vec<u8>> {
    let limit = (MAX_EVENT_BYTES + 1) as u64;
    let mut buf = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut buf)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut buf))
    };
    result.map_err(|e| usage(format!("cannot read {path}: {e}")))?;
    Ok(buf)
}
