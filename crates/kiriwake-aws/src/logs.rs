//! OS and application logs in CloudWatch Logs (`FilterLogEvents`): one quoted-term search
//! per error term and log group (CloudWatch's `?a ?b` OR syntax is avoided so the same
//! searches run on every implementation), counted, with a few redacted excerpts.

use aws_sdk_cloudwatchlogs::Client;
use chrono::{DateTime, Utc};
use kiriwake_core::redact::redact_line;
use kiriwake_core::{Check, Finding, Symptom, UnavailableReason};

use crate::error::CheckError;

const EVENTS_PER_SEARCH: i32 = 50;
const SAMPLES: usize = 3;

pub async fn log_errors(
    client: &Client,
    check: Check,
    resource: &str,
    groups: &[String],
    terms: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Finding, CheckError> {
    if groups.is_empty() {
        return Err(CheckError::new(
            UnavailableReason::NotConfigured,
            "no log groups: set KIRIWAKE_OS_LOG_GROUPS / KIRIWAKE_APP_LOG_GROUPS or tag the resource",
        ));
    }
    let searches = groups
        .iter()
        .flat_map(|g| terms.iter().map(move |t| (g, t)))
        .map(|(group, term)| async move {
            let out = client
                .filter_log_events()
                .log_group_name(group)
                .filter_pattern(format!("\"{}\"", term.replace('"', "")))
                .start_time(from.timestamp_millis())
                .end_time(to.timestamp_millis())
                .limit(EVENTS_PER_SEARCH)
                .send()
                .await;
            (group, out)
        });
    let results = futures_util::future::join_all(searches).await;

    let mut seen = std::collections::BTreeSet::new();
    let mut samples: Vec<String> = Vec::new();
    let mut missing = Vec::new();
    let mut first_error = None;
    let mut searched = 0usize;
    for (group, out) in results {
        match out {
            Ok(page) => {
                searched += 1;
                for e in page.events() {
                    let key = e.event_id().map(str::to_owned).unwrap_or_else(|| {
                        format!("{group}:{:?}:{:?}", e.timestamp(), e.message())
                    });
                    if seen.insert(key) && samples.len() < SAMPLES {
                        samples.push(redact_line(e.message().unwrap_or_default().trim_end(), 300));
                    }
                }
            }
            Err(err) => {
                let err = CheckError::from(err);
                if err.code.as_deref() == Some("ResourceNotFoundException") {
                    missing.push(group.clone());
                } else if first_error.is_none() {
                    first_error = Some(err);
                }
            }
        }
    }
    missing.dedup();
    if searched == 0 {
        return Err(first_error.unwrap_or_else(|| {
            CheckError::new(
                UnavailableReason::NotConfigured,
                format!("log groups not found: {}", missing.join(", ")),
            )
        }));
    }
    let count = seen.len() as u64;
    let mut f = if count > 0 {
        Finding::abnormal(
            check,
            Some(resource),
            Symptom::LogErrors {
                count,
                samples: samples.clone(),
            },
        )
    } else {
        Finding::normal(check, Some(resource))
    };
    f = f
        .with_evidence("log groups", groups.join(", "))
        .with_evidence("terms", terms.join(", "))
        .with_evidence(
            "matching events",
            if count >= EVENTS_PER_SEARCH as u64 {
                format!("{count}+")
            } else {
                count.to_string()
            },
        );
    if !missing.is_empty() {
        f = f.with_evidence("not found", missing.join(", "));
    }
    for s in samples {
        f = f.with_evidence("excerpt", s);
    }
    Ok(f)
}
