//! The local Lambda Runtime API: cargo-lambda's `watch` on 127.0.0.1, which serves the
//! Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`) by running the
//! workspace's function binaries under the real `lambda_runtime`. Stopped, with every
//! process it started, when the handle drops.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::emulator::repo_root;

/// cargo-lambda from the project's venv; fails loudly when `scripts/setup` has not run.
pub fn cargo_lambda() -> anyhow::Result<PathBuf> {
    let path = repo_root().join(".venv/bin/cargo-lambda");
    if !path.exists() {
        bail!(
            "{} is missing: run scripts/setup to install cargo-lambda",
            path.display()
        );
    }
    Ok(path)
}

/// A free port on 127.0.0.1 (bound, then released for the server to take).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Instances of each function cargo-lambda may run at once.
pub const CONCURRENCY: usize = 4;

/// A running `cargo lambda watch`.
#[derive(Debug)]
pub struct LambdaRuntime {
    child: Child,
    pub port: u16,
    /// Its environment file and log, removed on drop.
    dir: PathBuf,
}

/// A dotenv line (cargo-lambda's `--env-var` would split a value at commas and refuses
/// empty ones): `KEY='value'`, taken literally; a value with a `'` or a newline goes in
/// double quotes with `\`, `"`, `$` and newlines escaped.
fn env_line(key: &str, value: &str) -> String {
    if !value.contains(['\'', '\n']) {
        return format!("{key}='{value}'\n");
    }
    let escaped = value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('$', "\\$")
        .replace('\n', "\\n");
    format!("{key}=\"{escaped}\"\n")
}

impl LambdaRuntime {
    /// The Invoke API's base URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts `cargo lambda watch` on `port`, every function seeing `env`, and waits until
    /// it listens.
    pub async fn start(port: u16, env: &BTreeMap<String, String>) -> anyhow::Result<Self> {
        let cargo_lambda = cargo_lambda()?;
        let dir =
            std::env::temp_dir().join(format!("kiriwake-lambda-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let env_file = dir.join("functions.env");
        let text: String = env.iter().map(|(k, v)| env_line(k, v)).collect();
        std::fs::write(&env_file, text)
            .with_context(|| format!("writing {}", env_file.display()))?;
        let log = std::fs::File::create(dir.join("watch.log"))?;
        let child = Command::new(cargo_lambda)
            .args(["lambda", "watch", "--invoke-address", "127.0.0.1"])
            .args(["--invoke-port", &port.to_string()])
            // Lambda runs concurrent invocations in instances of their own; cargo-lambda's
            // default of one per function would queue a storm's behind each other until
            // the state machine's Task timeouts fail them.
            .args(["--concurrency", &CONCURRENCY.to_string()])
            .arg("--env-file")
            .arg(&env_file)
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("starting cargo lambda watch")?;
        let mut runtime = LambdaRuntime { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(60);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if let Some(status) = runtime.child.try_wait()? {
                bail!(
                    "cargo lambda watch exited ({status}): {}",
                    runtime.log().trim()
                );
            }
            if Instant::now() > deadline {
                bail!(
                    "cargo lambda watch did not listen on 127.0.0.1:{port} within 60 s: {}",
                    runtime.log().trim()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(runtime)
    }

    /// What cargo-lambda and the functions printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("watch.log")).unwrap_or_default()
    }
}

/// Every descendant of `pid`, from /proc (cargo-lambda starts the functions in sessions of
/// their own, so a process group does not reach them).
fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // Field 4 (ppid) follows the command name, which is in parentheses.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok());
        if let Some(ppid) = ppid {
            parents.push((child, ppid));
        }
    }
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found.split_off(1)
}

impl Drop for LambdaRuntime {
    fn drop(&mut self) {
        for pid in descendants(self.child.id()) {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::env_line;

    #[test]
    fn environment_values_keep_commas_quotes_and_emptiness() {
        assert_eq!(env_line("A", ""), "A=''\n");
        assert_eq!(env_line("B", "x,y $HOME \"q\""), "B='x,y $HOME \"q\"'\n");
        assert_eq!(env_line("C", "it's $5\\"), "C=\"it's \\$5\\\\\"\n");
    }
}
