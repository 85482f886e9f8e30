//! AWS Health: account events whose affected entities include the resource, and open
//! public events for its service in its region (`DescribeEvents`,
//! `DescribeAffectedEntities`, `DescribeEventDetails`).
//!
//! The API needs Business, Enterprise On-Ramp or Enterprise support; without it every call
//! answers `SubscriptionRequiredException`. Then the step says so once and relies on the
//! Health events EventBridge delivers to every account — and, for the rest of this
//! execution environment's life, does not ask again.

use std::sync::atomic::{AtomicBool, Ordering};

use aws_sdk_health::Client;
use aws_sdk_health::types::{
    EntityFilter, EventFilter, EventScopeCode, EventStatusCode, EventTypeCategory,
};
use kiriwake_core::finding::{Fact, HealthEventSymptom, label};
use kiriwake_core::incident::{HealthCategory, HealthStatus};
use kiriwake_core::{Check, Finding, Hint, Symptom, UnavailableReason};

use crate::error::CheckError;
use crate::time::to_chrono;

/// The Health API client and whether the account turned out to lack the subscription.
#[derive(Debug)]
pub struct HealthProbe {
    client: Client,
    subscription_missing: AtomicBool,
}

impl HealthProbe {
    pub fn new(client: Client) -> Self {
        HealthProbe {
            client,
            subscription_missing: AtomicBool::new(false),
        }
    }

    /// Findings for `health_account_events` and `health_public_events`.
    pub async fn findings(
        &self,
        services: &[String],
        region: Option<&str>,
        resources: &[String],
        limit: std::time::Duration,
    ) -> Vec<Finding> {
        if self.subscription_missing.load(Ordering::Relaxed) {
            return vec![Finding::unavailable(
                Check::HealthAccountEvents,
                None,
                UnavailableReason::SubscriptionRequired,
                Hint::HealthNeedsSubscription,
            )];
        }
        match tokio::time::timeout(limit, self.query(services, region, resources)).await {
            Ok(Ok(found)) => found,
            Ok(Err(e)) if e.reason == UnavailableReason::SubscriptionRequired => {
                self.subscription_missing.store(true, Ordering::Relaxed);
                vec![Finding::unavailable(
                    Check::HealthAccountEvents,
                    None,
                    e.reason,
                    Hint::HealthNeedsSubscription,
                )]
            }
            Ok(Err(e)) => both_unavailable(&e),
            Err(_) => both_unavailable(&CheckError::timeout(limit)),
        }
    }

    async fn query(
        &self,
        services: &[String],
        region: Option<&str>,
        resources: &[String],
    ) -> Result<Vec<Finding>, CheckError> {
        let mut filter = EventFilter::builder()
            .set_services(Some(services.to_vec()))
            .event_status_codes(EventStatusCode::Open)
            .event_status_codes(EventStatusCode::Upcoming);
        if let Some(r) = region {
            filter = filter.regions(r);
        }
        let out = self
            .client
            .describe_events()
            .filter(filter.build())
            .max_results(100)
            .send()
            .await?;
        let events = out.events();

        let account_arns: Vec<String> = events
            .iter()
            .filter(|e| e.event_scope_code() != Some(&EventScopeCode::Public))
            .filter_map(|e| e.arn().map(str::to_owned))
            .take(10)
            .collect();
        let mut affecting: Vec<String> = Vec::new();
        if !account_arns.is_empty() && !resources.is_empty() {
            // Every page (the SDK's paginator): an affected entity left on a page not read
            // would make the resource's event look like someone else's.
            let entities = self
                .client
                .describe_affected_entities()
                .filter(
                    EntityFilter::builder()
                        .set_event_arns(Some(account_arns.clone()))
                        .set_entity_values(Some(resources.to_vec()))
                        .build()
                        .map_err(|e| CheckError::new(UnavailableReason::Error, e.to_string()))?,
                )
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await?;
            affecting = entities
                .iter()
                .filter_map(|e| e.event_arn().map(str::to_owned))
                .collect();
        }
        let public_arns: Vec<String> = events
            .iter()
            .filter(|e| {
                e.event_scope_code() == Some(&EventScopeCode::Public)
                    && e.event_type_category() == Some(&EventTypeCategory::Issue)
            })
            .filter_map(|e| e.arn().map(str::to_owned))
            .take(10)
            .collect();
        let wanted: Vec<String> = affecting.iter().chain(&public_arns).cloned().collect();
        let mut descriptions = std::collections::HashMap::new();
        if !wanted.is_empty() {
            let details = self
                .client
                .describe_event_details()
                .set_event_arns(Some(wanted))
                .send()
                .await?;
            for d in details.successful_set() {
                if let (Some(arn), Some(text)) = (
                    d.event().and_then(|e| e.arn()),
                    d.event_description().and_then(|x| x.latest_description()),
                ) {
                    descriptions.insert(
                        arn.to_owned(),
                        kiriwake_core::render::truncate_chars(text, 500),
                    );
                }
            }
        }

        let mut out_findings = Vec::new();
        for e in events {
            let Some(arn) = e.arn() else { continue };
            let public = e.event_scope_code() == Some(&EventScopeCode::Public);
            let (check, relevant) = if public {
                (
                    Check::HealthPublicEvents,
                    public_arns.iter().any(|a| a == arn),
                )
            } else {
                (
                    Check::HealthAccountEvents,
                    affecting.iter().any(|a| a == arn),
                )
            };
            if !relevant {
                continue;
            }
            let symptom = Symptom::HealthEvent(HealthEventSymptom {
                event_arn: arn.to_owned(),
                type_code: e.event_type_code().unwrap_or_default().to_owned(),
                service: e.service().unwrap_or_default().to_owned(),
                category: category(e.event_type_category()),
                status: status(e.status_code()),
                public,
                start_time: e.start_time().and_then(to_chrono),
            });
            let mut f = Finding::abnormal(
                check,
                resources.first().map(String::as_str).filter(|_| !public),
                symptom,
            )
            .with_evidence("eventArn", arn);
            if let Some(d) = descriptions.get(arn) {
                f = f.with_evidence(label::DESCRIPTION, d.clone());
            }
            out_findings.push(f);
        }
        for check in [Check::HealthAccountEvents, Check::HealthPublicEvents] {
            if !out_findings.iter().any(|f| f.check == check) {
                out_findings.push(Finding::normal(check, None).with_fact(
                    label::OPEN_EVENTS,
                    Fact::NoneOpen {
                        services: services.iter().map(|s| s.to_string()).collect(),
                    },
                ));
            }
        }
        Ok(out_findings)
    }
}

fn both_unavailable(e: &CheckError) -> Vec<Finding> {
    [Check::HealthAccountEvents, Check::HealthPublicEvents]
        .map(|c| Finding::unavailable(c, None, e.reason, e.to_detail()))
        .to_vec()
}

fn category(c: Option<&EventTypeCategory>) -> HealthCategory {
    match c {
        Some(EventTypeCategory::Issue) => HealthCategory::Issue,
        Some(EventTypeCategory::AccountNotification) => HealthCategory::AccountNotification,
        Some(EventTypeCategory::ScheduledChange) => HealthCategory::ScheduledChange,
        Some(EventTypeCategory::Investigation) => HealthCategory::Investigation,
        Some(other) => HealthCategory::Other(other.as_str().to_owned()),
        None => HealthCategory::Other("unknown".into()),
    }
}

fn status(s: Option<&EventStatusCode>) -> HealthStatus {
    match s {
        Some(EventStatusCode::Open) => HealthStatus::Open,
        Some(EventStatusCode::Closed) => HealthStatus::Closed,
        Some(EventStatusCode::Upcoming) => HealthStatus::Upcoming,
        Some(other) => HealthStatus::Other(other.as_str().to_owned()),
        None => HealthStatus::Other("unknown".into()),
    }
}
