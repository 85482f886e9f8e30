use std::borrow::Cow;

use super::Japanese;
use crate::finding::label as l;
use crate::finding::{Check, Hint};
use crate::incident::{HealthCategory, HealthStatus, Incident, Trigger};
use crate::words::FindingWords;

impl FindingWords for Japanese {
    fn trigger_line(&self, i: &Incident) -> Option<String> {
        let ids: Vec<&str> = i.resources.iter().map(|r| r.id.as_str()).collect();
        let on = if ids.is_empty() {
            String::new()
        } else {
            format!("：{}", ids.join(", "))
        };
        let line = match &i.trigger {
            Trigger::Alarm(a) => {
                let what = a.alarm.watched("ルール");
                let what = if what.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", what.join(", "))
                };
                format!(
                    "CloudWatchアラーム「{}」が {}{what}{on}",
                    a.alarm_name,
                    a.state.word()
                )
            }
            Trigger::Health(h) => format!(
                "AWS Healthの{}イベント {}（{}）：{}、{}{}",
                health_category(&h.category),
                h.event_type_code,
                health_status(&h.status),
                h.service,
                h.event_region.as_deref().unwrap_or("リージョン不明"),
                match ids.len() {
                    0 => String::new(),
                    n => format!("、影響を受けるリソース {n} 件"),
                }
            ),
            Trigger::Ec2State(e) => {
                format!(
                    "EC2インスタンス {} の状態が {} になりました",
                    e.instance_id, e.state
                )
            }
            Trigger::RdsEvent(r) => format!(
                "RDSイベント{}{}{on}：{}",
                if r.categories.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", r.categories.join("/"))
                },
                r.event_id
                    .as_deref()
                    .map(|id| format!(" {id}"))
                    .unwrap_or_default(),
                r.message
            ),
            Trigger::Manual(m) => format!(
                "手動の切り分け依頼{on}{}",
                m.note
                    .as_deref()
                    .map(|n| format!("（メモ：{n}）"))
                    .unwrap_or_default()
            ),
        };
        Some(line)
    }

    fn evidence<'a>(
        &self,
        check: Check,
        label: &'a str,
        value: &'a str,
    ) -> (&'a str, Cow<'a, str>) {
        let same = Cow::Borrowed(value);
        match label {
            "event" if check == Check::TriggerEvent => ("イベント", same),
            "alarm reason" => ("アラームの理由（AWSの原文）", same),
            // The live checks' own labels (AWS's field names, such as `InstanceStatus`, stay
            // as AWS writes them).
            l::GROUP => ("グループ", same),
            l::IMPAIRED => ("異常", Cow::Owned(of_total(value))),
            l::STOPPED => ("停止中", same),
            l::LOOKED_UP => ("確認した対象", same),
            l::WINDOW => ("対象期間", same),
            l::CHANGES => ("変更の件数", same),
            l::LOG_GROUPS => ("ロググループ", same),
            l::TERMS => ("検索語", same),
            l::MATCHING_EVENTS => (
                "一致したログイベント",
                Cow::Owned(value.replace(l::CUT, "（件数上限または制限時間で打ち切り）")),
            ),
            l::LOG_STREAMS => ("ログストリーム", same),
            l::NOT_FOUND if check == Check::ChildAlarms => ("見つからない子アラーム", same),
            l::NOT_FOUND => ("見つからないロググループ", same),
            l::NO_STREAM => ("このリソースのストリームがないロググループ", same),
            l::LOG_GROUPS_IGNORED => (
                "タグで選ばれたが KIRIWAKE_LOG_GROUP_PREFIX の外にあるため読まなかったロググループ",
                same,
            ),
            l::EXCERPT => ("抜粋", same),
            l::CHILD_ALARM => ("子アラーム", Cow::Owned(name_state(value))),
            l::CHILD_COMPOSITE_ALARM => ("子の複合アラーム", Cow::Owned(name_state(value))),
            l::ANSWERED => ("回答", Cow::Owned(reused(value))),
            l::OPEN_EVENTS => (
                "継続中のイベント",
                Cow::Owned(match value.strip_prefix("none for ") {
                    Some(services) => format!("なし（{services}）"),
                    None => value.to_owned(),
                }),
            ),
            l::CONNECTED_IN => ("接続時間", same),
            l::ERROR => (
                "エラー",
                Cow::Owned(match value.strip_prefix("no answer within ") {
                    Some(ms) => format!("{ms} 以内に応答なし"),
                    None => value.to_owned(),
                }),
            ),
            l::DESCRIPTION => ("説明（AWSの原文）", same),
            label if label.starts_with(l::NOT_LOOKED_UP) => ("未確認", same),
            // EC2's status summaries: AWS's status words, kiriwake's glue.
            "InstanceStatus" | "SystemStatus" | "AttachedEbsStatus" => (
                label,
                match value {
                    l::ABSENT => Cow::Borrowed("なし"),
                    l::UNKNOWN => Cow::Borrowed("不明"),
                    v => Cow::Owned(since(v)),
                },
            ),
            _ => (
                label,
                match value {
                    l::UNKNOWN => Cow::Borrowed("不明"),
                    l::NONE_SCHEDULED => Cow::Borrowed("予定なし"),
                    l::NO_DATAPOINTS => Cow::Borrowed("データポイントなし（未発行）"),
                    _ => same,
                },
            ),
        }
    }

    fn finding_subject(&self, check: &str, resource: &str) -> String {
        format!("{check} ({resource})")
    }

    fn finding_normal(&self, subject: &str) -> String {
        format!("{subject}：正常")
    }

    fn finding_abnormal(&self, subject: &str, symptom: &str) -> String {
        format!("{subject}：{symptom}")
    }

    fn finding_unavailable(&self, subject: &str, reason: &str, detail: Option<&str>) -> String {
        let detail = detail.map(|text| format!("（{text}）")).unwrap_or_default();
        format!("{subject}：確認できず — {reason}{detail}")
    }

    fn hint(&self, hint: &Hint) -> String {
        match hint {
            Hint::NoLogGroups => "ロググループなし：KIRIWAKE_OS_LOG_GROUPS / KIRIWAKE_APP_LOG_GROUPS を設定するか、リソースにタグを付けてください".into(),
            Hint::LogStreamPatternEmpty => "KIRIWAKE_LOG_STREAM_PATTERN がこのリソースの情報で埋まる項目を含まないため、このリソースのログストリームを区別できません".into(),
            Hint::LogGroupsNotFound { groups } => {
                format!("ロググループが見つかりません：{}", groups.join("、"))
            }
            Hint::NoLogStream { resource, prefix, groups } => format!(
                "{} に {resource} のログストリーム（{prefix}…）がありません",
                groups.join("、")
            ),
            Hint::NoDatapoints => "対象期間にメトリクスのデータポイントがありません".into(),
            Hint::CompositeNamesNoAlarm => "複合アラームのルールがアラームを参照していません".into(),
            Hint::NoChildAlarm { alarms } => {
                format!("子アラームがいずれも存在しません：{}", alarms.join("、"))
            }
            Hint::NoGroup { tag } => format!(
                "`{tag}` タグも Auto Scaling グループもなく、同じグループのサーバーを特定できません"
            ),
            Hint::HealthNeedsSubscription => "AWS Health API にはビジネス／エンタープライズ On-Ramp／エンタープライズサポートが必要です。EventBridge が配信する AWS Health イベントで代替しています".into(),
            Hint::NoVpn => "リソースのVPCにVPN接続がなく、KIRIWAKE_VPN_CONNECTIONS も未設定です".into(),
            Hint::NoEndpoints => "KIRIWAKE_PROBE_ENDPOINTS にエンドポイントが設定されていません".into(),
            Hint::NoResult => "確認結果が返りませんでした".into(),
            Hint::InstanceNotFound => "インスタンスが見つかりません".into(),
            Hint::NoAnswerWithin { ms } => format!("{ms} ms 以内に応答がありません"),
            Hint::SdkTimedOut => "SDK がタイムアウトしました".into(),
            Hint::NoCredentials { error } => format!("使用できるAWS認証情報がありません：{error}"),
            Hint::Unreachable { error } => format!("エンドポイントに接続できません：{error}"),
            Hint::NotThisService { status } => {
                let http = status.map(|s| format!("（HTTP {s}）")).unwrap_or_default();
                format!("エンドポイントがこのサービスのものではない応答{http}を返しました（未対応のエミュレーター、またはプロキシのエラーページ）")
            }
            Hint::IgnoredLogGroups { cause, ignored } => format!(
                "{}。タグで選ばれたが KIRIWAKE_LOG_GROUP_PREFIX の外にあるため読まなかったロググループ：{ignored}",
                self.detail(cause)
            ),
            Hint::DbNotFound { cluster: true, id } => format!("DBクラスター {id} が見つかりません"),
            Hint::DbNotFound { cluster: false, id } => {
                format!("DBインスタンス {id} が見つかりません")
            }
            Hint::StepDidNotReport => "ステップから結果が返りませんでした".into(),
            Hint::StepFailed { error } => format!("ステップが失敗しました（{error}）"),
        }
    }

    fn intake_note(&self, note: &str) -> String {
        format!("受付時の注記: {note}")
    }

    fn live_finding_reason(&self, check: &str, symptom: &str, resource: Option<&str>) -> String {
        format!("{check}の結果：{symptom}{}。", on(resource))
    }

    fn trigger_finding_reason(&self, symptom: &str, resource: Option<&str>) -> String {
        format!("トリガーの通知内容：{symptom}{}。", on(resource))
    }
}

/// "（i-1）" after a reason's symptom, when it names a resource.
fn on(resource: Option<&str>) -> String {
    resource.map(|r| format!("（{r}）")).unwrap_or_default()
}

/// An AWS Health event's category in Japanese (AWS's word kept where it helps).
pub(super) fn health_category(c: &HealthCategory) -> &str {
    match c {
        HealthCategory::Issue => "障害（issue）",
        HealthCategory::AccountNotification => "アカウント通知",
        HealthCategory::ScheduledChange => "予定された変更",
        HealthCategory::Investigation => "調査中",
        HealthCategory::Other(s) => s,
    }
}

/// An AWS Health event's status in Japanese, with AWS's word.
pub(super) fn health_status(s: &HealthStatus) -> &str {
    match s {
        HealthStatus::Open => "継続中（open）",
        HealthStatus::Closed => "終了（closed）",
        HealthStatus::Upcoming => "予定（upcoming）",
        HealthStatus::Other(s) => s,
    }
}

/// A child alarm's "name is STATE" → "name：STATE" (the name may itself contain " is ").
fn name_state(value: &str) -> String {
    match value.rsplit_once(" is ") {
        Some((name, state)) => format!("{name}：{state}"),
        None => value.to_owned(),
    }
}

/// "N s ago for another server of the group (reused for M s)", in Japanese.
fn reused(value: &str) -> String {
    let n = value.split(' ').next().unwrap_or_default();
    let m = value
        .rsplit_once("reused for ")
        .map(|(_, rest)| rest.trim_end_matches(')').trim_end_matches(" s"))
        .unwrap_or_default();
    if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !m.is_empty() {
        format!("{n} 秒前に同じグループの別のサーバーについて得た回答を再利用（{m} 秒間有効）")
    } else {
        value.to_owned()
    }
}

/// "1 of 3: i-1" → "3 台中 1 台：i-1".
fn of_total(value: &str) -> String {
    let parsed = value.split_once(": ").and_then(|(count, ids)| {
        let (n, total) = count.split_once(" of ")?;
        Some(format!("{total} 台中 {n} 台：{ids}"))
    });
    parsed.unwrap_or_else(|| value.to_owned())
}

/// An EC2 status with its details, "impaired; reachability failed since T" → "impaired;
/// reachability failed（T 以降）": AWS's status words kept, the English glue not.
fn since(value: &str) -> String {
    value
        .split("; ")
        .map(|part| match part.split_once(" since ") {
            Some((what, t)) => format!("{what}（{t} 以降）"),
            None => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
