//! OS and application logs in CloudWatch Logs (`FilterLogEvents`): one quoted-term search
//! per error term and log group (CloudWatch's `?a ?b` OR syntax is avoided so the same
//! searches run on every implementation), counted, with a few redacted excerpts.
//!
//! A log group the CloudWatch agent fills for many servers holds one stream per server
//! (its `log_stream_name`, `{instance_id}` by default): a search about one instance reads
//! only that instance's streams (`DescribeLogStreams` by prefix), so one noisy server never
//! convicts another. Each search reads page after page (the SDK's paginator) until it has
//! enough events or its share of the time limit is spent, and says when it stopped early.

use std::time::{Duration, Instant};

use aws_sdk_cloudwatchlogs::Client;
use chrono::{DateTime, Utc};
use kiriwake_core::finding::{Fact, label};
use kiriwake_core::redact::redact_line;
use kiriwake_core::{Check, Finding, Hint, Symptom, UnavailableReason};

use crate::error::CheckError;

/// Events read per page, and at most per search.
const EVENTS_PER_PAGE: i32 = 50;
const EVENTS_PER_SEARCH: usize = 200;
/// At most this many of an instance's streams are read per group (DescribeLogStreams' page).
const STREAMS_PER_GROUP: i32 = 50;
const SAMPLES: usize = 3;

/// Where to search and for what.
#[derive(Debug, Clone, Copy)]
pub struct LogSearch<'a> {
    pub check: Check,
    pub resource: &'a str,
    pub groups: &'a [String],
    pub terms: &'a [String],
    /// Only streams whose names start with this (an instance's own); `None`: every stream.
    pub stream_prefix: Option<&'a str>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The check's time limit: pagination stops in time to report what it read.
    pub limit: Duration,
}

/// What one group's search read.
#[derive(Debug, Default)]
struct GroupRead {
    events: Vec<(String, String)>,
    /// Stopped at the event cap or the time limit with more pages left.
    cut: bool,
    /// The group has no stream of this resource.
    no_stream: bool,
}

async fn own_streams(
    client: &Client,
    group: &str,
    prefix: &str,
) -> Result<Vec<String>, CheckError> {
    let out = client
        .describe_log_streams()
        .log_group_name(group)
        .log_stream_name_prefix(prefix)
        .limit(STREAMS_PER_GROUP)
        .send()
        .await?;
    // A prefix is not a name: `ip-10-0-1-2` must not read `ip-10-0-1-23`'s streams. The
    // instance's own are the prefix itself, or the prefix followed by a separator.
    Ok(out
        .log_streams()
        .iter()
        .filter_map(|s| s.log_stream_name())
        .filter(|name| {
            name.strip_prefix(prefix)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
        })
        .map(str::to_owned)
        .collect())
}

/// One term's search of one group, page after page (the SDK's paginator follows
/// `nextToken`, and stops at an empty or repeated one), until there are no more pages, the
/// search has enough events, or `deadline` has passed: what was read by then is reported.
async fn search_group(
    client: &Client,
    search: &LogSearch<'_>,
    group: &str,
    term: &str,
    streams: Option<&[String]>,
    deadline: Instant,
) -> Result<GroupRead, CheckError> {
    let mut read = GroupRead::default();
    let mut pages = client
        .filter_log_events()
        .log_group_name(group)
        .set_log_stream_names(streams.map(<[String]>::to_vec))
        .filter_pattern(format!("\"{}\"", term.replace('"', "")))
        .start_time(search.from.timestamp_millis())
        .end_time(search.to.timestamp_millis())
        .into_paginator()
        .page_size(EVENTS_PER_PAGE)
        .send();
    while let Some(page) = pages.try_next().await? {
        for e in page.events() {
            let key = e
                .event_id()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{group}:{:?}:{:?}", e.timestamp(), e.message()));
            read.events
                .push((key, e.message().unwrap_or_default().to_owned()));
        }
        let more = page.next_token().is_some_and(|t| !t.is_empty());
        if more && (read.events.len() >= EVENTS_PER_SEARCH || Instant::now() >= deadline) {
            // The next page is not asked for: dropping the stream ends the pagination.
            read.cut = true;
            break;
        }
    }
    Ok(read)
}

pub async fn log_errors(client: &Client, search: LogSearch<'_>) -> Result<Finding, CheckError> {
    let LogSearch {
        check,
        resource,
        groups,
        terms,
        stream_prefix,
        ..
    } = search;
    if groups.is_empty() {
        return Err(CheckError::hinted(
            UnavailableReason::NotConfigured,
            Hint::NoLogGroups,
        ));
    }
    if stream_prefix == Some("") {
        return Err(CheckError::hinted(
            UnavailableReason::NotConfigured,
            Hint::LogStreamPatternEmpty,
        ));
    }
    // Leave a fifth of the limit to report what was read.
    let deadline = Instant::now() + search.limit.mul_f64(0.8);
    let per_group = groups.iter().map(|group| async move {
        let streams = match stream_prefix {
            Some(prefix) => match own_streams(client, group, prefix).await {
                Ok(s) if s.is_empty() => {
                    return (
                        group,
                        Ok(vec![GroupRead {
                            no_stream: true,
                            ..GroupRead::default()
                        }]),
                    );
                }
                Ok(s) => Some(s),
                Err(e) => return (group, Err(e)),
            },
            None => None,
        };
        let searches = terms
            .iter()
            .map(|term| search_group(client, &search, group, term, streams.as_deref(), deadline));
        let reads: Result<Vec<GroupRead>, CheckError> = futures_util::future::join_all(searches)
            .await
            .into_iter()
            .collect();
        (group, reads)
    });
    let results = futures_util::future::join_all(per_group).await;

    let mut seen = std::collections::BTreeSet::new();
    let mut samples: Vec<String> = Vec::new();
    let mut missing = Vec::new();
    let mut without_stream = Vec::new();
    let mut first_error = None;
    let mut searched = 0usize;
    let mut cut = false;
    for (group, reads) in results {
        match reads {
            Ok(reads) => {
                searched += 1;
                for read in reads {
                    cut |= read.cut;
                    if read.no_stream {
                        without_stream.push(group.clone());
                    }
                    for (key, message) in read.events {
                        if seen.insert(key) && samples.len() < SAMPLES {
                            samples.push(redact_line(message.trim_end(), 300));
                        }
                    }
                }
            }
            Err(err) if err.code.as_deref() == Some("ResourceNotFoundException") => {
                missing.push(group.clone());
            }
            Err(err) => {
                first_error.get_or_insert(err);
            }
        }
    }
    without_stream.dedup();
    if searched == 0 {
        return Err(first_error.unwrap_or_else(|| {
            CheckError::hinted(
                UnavailableReason::NotConfigured,
                Hint::LogGroupsNotFound {
                    groups: missing.iter().map(ToString::to_string).collect(),
                },
            )
        }));
    }
    if without_stream.len() == searched && missing.is_empty() {
        return Err(CheckError::hinted(
            UnavailableReason::NotConfigured,
            Hint::NoLogStream {
                resource: resource.to_string(),
                prefix: stream_prefix.unwrap_or_default().to_owned(),
                groups: without_stream.iter().map(ToString::to_string).collect(),
            },
        ));
    }
    let count = seen.len();
    let mut f = if count > 0 {
        Finding::abnormal(
            check,
            Some(resource),
            Symptom::LogErrors {
                count: count as u64,
                samples: samples.clone(),
            },
        )
    } else {
        Finding::normal(check, Some(resource))
    };
    f = f
        .with_evidence(label::LOG_GROUPS, groups.join(", "))
        .with_evidence(label::TERMS, terms.join(", "))
        .with_fact(label::MATCHING_EVENTS, Fact::Matching { count, cut });
    if let Some(prefix) = stream_prefix {
        f = f.with_evidence(label::LOG_STREAMS, format!("{prefix}…"));
    }
    if !missing.is_empty() {
        f = f.with_evidence(label::NOT_FOUND, missing.join(", "));
    }
    if !without_stream.is_empty() {
        f = f.with_evidence(label::NO_STREAM, without_stream.join(", "));
    }
    for s in samples {
        f = f.with_evidence(label::EXCERPT, s);
    }
    Ok(f)
}
