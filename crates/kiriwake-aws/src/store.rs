//! The incident store (DynamoDB): which incident a trigger joins, and which messages went
//! out. The decisions are `kiriwake_core::lifecycle`'s; this module reads and writes.
//!
//! Items (partition key `pk`, each with `expires` for the table's TTL):
//! - `incident#<id>`: the incident record (JSON) and its `version`;
//! - `link#<by>#<value>`: which incident a member, resource, group or Health event points to;
//! - `notice#<execution>` (and `notice#<execution>#flush`): what an execution decided, written
//!   in the same transaction as the record, so a retried notify reads it back instead of
//!   deciding twice;
//! - `sent#<incident>#<message>#<channel>`: a message that went out, so a retry never sends
//!   it again.
//!
//! (`delivery#<key>` items are the state machine's de-duplication, written by its Claim
//! state.)

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use kiriwake_core::Classification;
use kiriwake_core::UnavailableReason;
use kiriwake_core::intake::DEDUPE_DAYS;
use kiriwake_core::lifecycle::{self, IncidentRecord, LifeConfig, Link, Notice};

use crate::error::CheckError;

/// How many times a contended decision is retried (each one re-reads what changed); then
/// the state machine retries the invocation.
const ATTEMPTS: u32 = 12;

#[derive(Debug)]
pub struct IncidentStore {
    pub client: Client,
    pub table: String,
    pub config: LifeConfig,
}

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: i64) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

fn text(item: &HashMap<String, AttributeValue>, name: &str) -> Option<String> {
    item.get(name).and_then(|v| v.as_s().ok()).cloned()
}

fn broken(what: &str, e: impl std::fmt::Display) -> CheckError {
    CheckError::new(UnavailableReason::Error, format!("{what}: {e}"))
}

/// When an item written now is forgotten: as long as a delivery's key.
fn expires(now: DateTime<Utc>) -> AttributeValue {
    n((now + chrono::Duration::days(DEDUPE_DAYS)).timestamp())
}

impl IncidentStore {
    async fn get(&self, pk: &str) -> Result<Option<HashMap<String, AttributeValue>>, CheckError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(pk))
            .consistent_read(true)
            .send()
            .await?;
        Ok(out.item)
    }

    /// Items by key, read consistently; keys DynamoDB left unprocessed are asked again.
    async fn get_many(
        &self,
        keys: &[String],
    ) -> Result<HashMap<String, HashMap<String, AttributeValue>>, CheckError> {
        let mut found = HashMap::new();
        for chunk in keys.chunks(100) {
            let mut pending: Vec<String> = chunk.to_vec();
            for attempt in 0..5 {
                if pending.is_empty() {
                    break;
                }
                if attempt > 0 {
                    backoff(attempt).await;
                }
                let ask = KeysAndAttributes::builder()
                    .set_keys(Some(
                        pending
                            .iter()
                            .map(|k| HashMap::from([("pk".to_owned(), s(k))]))
                            .collect(),
                    ))
                    .consistent_read(true)
                    .build()
                    .map_err(|e| broken("building a read", e))?;
                let out = self
                    .client
                    .batch_get_item()
                    .request_items(&self.table, ask)
                    .send()
                    .await?;
                for item in out
                    .responses
                    .unwrap_or_default()
                    .remove(&self.table)
                    .unwrap_or_default()
                {
                    if let Some(pk) = text(&item, "pk") {
                        found.insert(pk, item);
                    }
                }
                pending = out
                    .unprocessed_keys
                    .unwrap_or_default()
                    .remove(&self.table)
                    .map(|k| k.keys.iter().filter_map(|k| text(k, "pk")).collect())
                    .unwrap_or_default();
            }
            if !pending.is_empty() {
                return Err(CheckError::new(
                    UnavailableReason::Throttled,
                    format!("{} keys stayed unprocessed", pending.len()),
                ));
            }
        }
        Ok(found)
    }

    /// A conditional put, as one item of a transaction.
    fn put(
        &self,
        item: HashMap<String, AttributeValue>,
        condition: &str,
        value: Option<(&str, AttributeValue)>,
    ) -> Result<TransactWriteItem, CheckError> {
        let mut put = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(condition);
        if let Some((name, v)) = value {
            put = put.expression_attribute_values(name, v);
        }
        let put = put.build().map_err(|e| broken("building a write", e))?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// The notice `execution` already decided (a retry), if any.
    async fn decided(&self, pk: &str) -> Result<Option<Notice>, CheckError> {
        match self.get(pk).await? {
            Some(item) => {
                let notice = text(&item, "notice").unwrap_or_default();
                serde_json::from_str(&notice)
                    .map(Some)
                    .map_err(|e| broken("reading a stored notice", e))
            }
            None => Ok(None),
        }
    }

    /// Records a classified trigger in its incident (joining an open one it links to, or
    /// opening one) and returns what to tell people. A retry of the same execution returns
    /// the same notice.
    pub async fn record(
        &self,
        c: &Classification,
        execution: &str,
        now: DateTime<Utc>,
    ) -> Result<Notice, CheckError> {
        let notice_pk = format!("notice#{execution}");
        let links = lifecycle::links(c);
        for attempt in 0..ATTEMPTS {
            if let Some(n) = self.decided(&notice_pk).await? {
                return Ok(n);
            }
            let member = lifecycle::member_of(c, execution, now);
            let link_keys: Vec<String> = links.iter().map(Link::key).collect();
            let pointed: BTreeMap<String, String> = self
                .get_many(&link_keys)
                .await?
                .into_iter()
                .filter_map(|(pk, item)| Some((pk, text(&item, "incident")?)))
                .collect();
            let mut ids: Vec<&String> = pointed.values().collect();
            ids.sort();
            ids.dedup();
            let records_pk: Vec<String> = ids.iter().map(|id| format!("incident#{id}")).collect();
            let mut versions = HashMap::new();
            let mut records = Vec::new();
            for (_, item) in self.get_many(&records_pk).await? {
                let (record, version) = record_of(&item)?;
                versions.insert(record.id.clone(), version);
                records.push(record);
            }
            let chosen = lifecycle::choose(&member, &records, &self.config).cloned();
            let version = chosen.as_ref().and_then(|r| versions.get(&r.id).copied());
            let (record, notice) = lifecycle::absorb(chosen, member, &self.config);
            let mut writes = vec![self.record_write(&record, version, now)?];
            writes.push(self.notice_write(&notice_pk, &notice, now)?);
            for key in &link_keys {
                let current = pointed.get(key);
                if current == Some(&record.id) {
                    continue;
                }
                let item = HashMap::from([
                    ("pk".to_owned(), s(key)),
                    ("incident".to_owned(), s(&record.id)),
                    ("expires".to_owned(), expires(now)),
                ]);
                // Repointed only from what was read: a link another trigger moved
                // meanwhile makes this attempt fail and read again.
                writes.push(match current {
                    None => self.put(item, "attribute_not_exists(pk)", None)?,
                    Some(old) => self.put(item, "incident = :old", Some((":old", s(old))))?,
                });
            }
            if let Some(n) = self.commit(writes, notice, &notice_pk, attempt).await? {
                return Ok(n);
            }
        }
        self.decided_after(&notice_pk, still_contended()).await
    }

    /// One decision's transaction: the notice when it committed, `None` when another trigger
    /// changed what it read (after a pause: read again and decide again).
    async fn commit(
        &self,
        writes: Vec<TransactWriteItem>,
        notice: Notice,
        notice_pk: &str,
        attempt: u32,
    ) -> Result<Option<Notice>, CheckError> {
        match self
            .client
            .transact_write_items()
            .set_transact_items(Some(writes))
            .send()
            .await
        {
            Ok(_) => Ok(Some(notice)),
            Err(e) if contended(&e) => {
                backoff(attempt).await;
                Ok(None)
            }
            Err(e) => self.decided_after(notice_pk, e.into()).await.map(Some),
        }
    }

    /// The notice written after all, when a write that seemed to fail had committed (its
    /// answer lost, the SDK's retry then refused): else `error`.
    async fn decided_after(
        &self,
        notice_pk: &str,
        error: CheckError,
    ) -> Result<Notice, CheckError> {
        match self.decided(notice_pk).await {
            Ok(Some(n)) => Ok(n),
            _ => Err(error),
        }
    }

    /// Sends nothing itself: decides the update `execution` deferred, on the incident as it
    /// is now.
    pub async fn flush(
        &self,
        incident: &str,
        execution: &str,
        now: DateTime<Utc>,
    ) -> Result<Notice, CheckError> {
        let notice_pk = format!("notice#{execution}#flush");
        for attempt in 0..ATTEMPTS {
            if let Some(n) = self.decided(&notice_pk).await? {
                return Ok(n);
            }
            let Some(item) = self.get(&format!("incident#{incident}")).await? else {
                return Err(broken(
                    "flushing",
                    format!("no incident {incident} in the store"),
                ));
            };
            let (record, version) = record_of(&item)?;
            let (record, notice) = lifecycle::flush(record, execution, now);
            let writes = vec![
                self.record_write(&record, Some(version), now)?,
                self.notice_write(&notice_pk, &notice, now)?,
            ];
            if let Some(n) = self.commit(writes, notice, &notice_pk, attempt).await? {
                return Ok(n);
            }
        }
        self.decided_after(&notice_pk, still_contended()).await
    }

    /// The record, written only if nobody changed it since it was read (`version`), or
    /// only if it is new.
    fn record_write(
        &self,
        record: &IncidentRecord,
        version: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<TransactWriteItem, CheckError> {
        let json = serde_json::to_string(record).map_err(|e| broken("writing a record", e))?;
        let item = HashMap::from([
            ("pk".to_owned(), s(format!("incident#{}", record.id))),
            ("record".to_owned(), s(json)),
            ("version".to_owned(), n(version.unwrap_or(0) + 1)),
            ("expires".to_owned(), expires(now)),
        ]);
        match version {
            None => self.put(item, "attribute_not_exists(pk)", None),
            Some(v) => self.put(item, "version = :version", Some((":version", n(v)))),
        }
    }

    fn notice_write(
        &self,
        pk: &str,
        notice: &Notice,
        now: DateTime<Utc>,
    ) -> Result<TransactWriteItem, CheckError> {
        let json = serde_json::to_string(notice).map_err(|e| broken("writing a notice", e))?;
        let item = HashMap::from([
            ("pk".to_owned(), s(pk)),
            ("notice".to_owned(), s(json)),
            ("expires".to_owned(), expires(now)),
        ]);
        self.put(item, "attribute_not_exists(pk)", None)
    }

    fn sent_pk(incident: &str, message: &str, channel: &str) -> String {
        format!("sent#{incident}#{message}#{channel}")
    }

    /// The message id of `message` on `channel` when it already went out.
    pub async fn sent(
        &self,
        incident: &str,
        message: &str,
        channel: &str,
    ) -> Result<Option<String>, CheckError> {
        Ok(self
            .get(&Self::sent_pk(incident, message, channel))
            .await?
            .map(|item| text(&item, "message_id").unwrap_or_default()))
    }

    /// Remembers that `message` went out on `channel`.
    pub async fn mark_sent(
        &self,
        incident: &str,
        message: &str,
        channel: &str,
        message_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), CheckError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(Self::sent_pk(incident, message, channel)))
            .item("message_id", s(message_id))
            .item("expires", expires(now))
            .send()
            .await?;
        Ok(())
    }
}

/// An incident record item: the record and its version.
fn record_of(item: &HashMap<String, AttributeValue>) -> Result<(IncidentRecord, i64), CheckError> {
    let record = serde_json::from_str(&text(item, "record").unwrap_or_default())
        .map_err(|e| broken("reading an incident record", e))?;
    let version = item
        .get("version")
        .and_then(|v| v.as_n().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    Ok((record, version))
}

/// Every attempt found the incident changed by another trigger: `Throttled`, so the caller
/// tries again later (the state machine retries `kiriwake.StoreError`).
fn still_contended() -> CheckError {
    CheckError::new(
        UnavailableReason::Throttled,
        format!("the incident stayed contended through {ATTEMPTS} attempts"),
    )
}

/// Another trigger changed what this one read (a condition failed): read again and decide
/// again.
fn contended<R>(
    e: &aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError,
        R,
    >,
) -> bool {
    use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError as E;
    matches!(
        e.as_service_error(),
        Some(E::TransactionCanceledException(_))
    )
}

/// A short, growing, jittered pause between contended attempts.
async fn backoff(attempt: u32) {
    let base = 20_u64 << attempt.min(5);
    let jitter = u64::from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0),
    ) % base.max(1);
    tokio::time::sleep(Duration::from_millis(base + jitter)).await;
}
