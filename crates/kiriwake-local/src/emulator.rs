//! The local AWS: `tools/moto_launcher.py` (pinned moto, faults staged by tags) started on
//! 127.0.0.1 on a free port, stopped when the handle drops.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running emulator; dropping it stops the server.
#[derive(Debug)]
pub struct Emulator {
    pub url: String,
    child: Child,
}

/// The repository root (this crate lives in `crates/kiriwake-local`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

impl Emulator {
    /// Starts the launcher from the project's venv. Fails loudly when it is missing:
    /// `scripts/setup` installs it.
    pub async fn start() -> anyhow::Result<Emulator> {
        Emulator::start_with(None).await
    }

    /// Starts the launcher with state machine execution on, its Lambda tasks sent to the
    /// Lambda Invoke API at `lambda_endpoint` (the local Lambda Runtime API emulator).
    pub async fn start_with(lambda_endpoint: Option<&str>) -> anyhow::Result<Emulator> {
        let root = repo_root();
        let python = root.join(".venv/bin/python");
        if !python.exists() {
            bail!(
                "{} is missing: run scripts/setup to install the local AWS emulator",
                python.display()
            );
        }
        let mut cmd = Command::new(&python);
        cmd.arg(root.join("tools/moto_launcher.py"));
        if let Some(url) = lambda_endpoint {
            cmd.arg("--lambda-endpoint").arg(url);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", python.display()))?;
        let stdout = child.stdout.take().context("launcher stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .context("the emulator did not start within 60 s")??
            .context("the emulator exited before it was ready")?;
        let Some(url) = line.strip_prefix("READY ") else {
            bail!("unexpected launcher output: {line}");
        };
        // Keep draining, so nothing the server prints can ever fill the pipe and stall it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(Emulator {
            url: url.to_owned(),
            child,
        })
    }

    /// SDK configuration for the emulator: its endpoint, a fixed region, test credentials,
    /// one retry (the emulator answers unimplemented calls with HTML 500s), and bounded
    /// attempts: the emulator's server can leave an idle pooled connection unanswered, and
    /// a timed-out attempt retries on a fresh one.
    pub async fn sdk_config(&self, region: &str) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(&self.url)
            .region(aws_config::Region::new(region.to_owned()))
            .credentials_provider(aws_sdk_ec2::config::Credentials::new(
                "test",
                "test",
                None,
                None,
                "kiriwake-local",
            ))
            .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(3))
            // Generous: in a storm (kiriwake-local storm) one moto process answers the
            // harness and every function at once.
            .timeout_config(
                aws_config::timeout::TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_secs(30))
                    .operation_timeout(Duration::from_secs(65))
                    .build(),
            )
            .load()
            .await
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Closing stdin stops the launcher; kill in case it is stuck.
        drop(self.child.stdin.take());
        let _ = self.child.start_kill();
    }
}
