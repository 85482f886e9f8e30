//! Plain words for findings and decisions, in English and Japanese.
//!
//! Every sentence a person reads comes from here or from `actions`, so both languages
//! stay complete and side by side.

use crate::config::Lang;
use crate::decision::{Cause, Confidence, Scope, Verdict};
use crate::finding::{
    Check, DbStatus, Detail, Finding, Hint, Outcome, ResourceClass, Signal, Step, Symptom,
    UnavailableReason,
};
use crate::incident::{Incident, Trigger};
use crate::responsibility::{Layer, Party};

pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::AwsSide => lang.pick("AWS side", "AWS側の問題"),
        Verdict::Instance => lang.pick(
            "Instance (OS, resources)",
            "インスタンスの問題（OS・リソース等）",
        ),
        Verdict::Application => lang.pick("Application", "アプリケーションの問題"),
        Verdict::OutsideAws => lang.pick("Outside AWS", "AWS以外の問題"),
        Verdict::Watch => lang.pick("Watch (no fault now)", "静観（現時点で障害なし）"),
        Verdict::Inconclusive => lang.pick("Inconclusive", "切り分け未確定"),
        Verdict::Recovered => lang.pick("Recovered", "復旧済み"),
    }
}

/// ASCII verdict words for SNS subjects, which must be ASCII.
pub fn verdict_ascii(v: Verdict) -> &'static str {
    match v {
        Verdict::AwsSide => "AWS side",
        Verdict::Instance => "Instance (OS/resources)",
        Verdict::Application => "Application",
        Verdict::OutsideAws => "Outside AWS",
        Verdict::Watch => "Watch (no fault now)",
        Verdict::Inconclusive => "Inconclusive",
        Verdict::Recovered => "Recovered",
    }
}

pub fn party_label(p: Party, lang: Lang) -> &'static str {
    match p {
        Party::Aws => lang.pick("AWS (contact AWS Support)", "AWS（AWSサポートへ連絡）"),
        Party::Customer => lang.pick("You (the customer)", "お客様（ユーザー側）"),
        Party::Outside => lang.pick(
            "Outside AWS (on-premises side, line, carrier)",
            "AWS外（オンプレミス・回線・通信キャリア）",
        ),
        Party::Unknown => lang.pick("Not yet known", "未確定"),
    }
}

pub fn layer_label(l: Layer, lang: Lang) -> &'static str {
    match l {
        Layer::Application => lang.pick("application", "アプリケーション"),
        Layer::Data => lang.pick("data", "データ"),
        Layer::Middleware => lang.pick("middleware", "ミドルウェア"),
        Layer::Os => lang.pick("OS", "OS"),
        Layer::Virtualization => lang.pick("virtualization", "仮想化"),
        Layer::Infrastructure => lang.pick("infrastructure", "インフラ"),
        Layer::Configuration => lang.pick("resource configuration", "リソース設定"),
        Layer::OutsideAws => lang.pick("path outside AWS", "AWS外の経路"),
        Layer::Unknown => lang.pick("unknown", "不明"),
    }
}

pub fn scope_label(s: Scope, lang: Lang) -> &'static str {
    match s {
        Scope::OneResource => lang.pick("one resource", "単一リソース"),
        Scope::PartOfGroup => lang.pick("part of a group", "グループの一部"),
        Scope::AvailabilityZone => {
            lang.pick("one Availability Zone", "1つのアベイラビリティーゾーン")
        }
        Scope::WholeSystem => lang.pick("whole system", "システム全体"),
        Scope::RegionOrService => lang.pick("region or service wide", "リージョン／サービス全体"),
        Scope::Unknown => lang.pick("not yet known", "未確定"),
    }
}

pub fn confidence_label(c: Confidence, lang: Lang) -> &'static str {
    match c {
        Confidence::High => lang.pick("high", "高"),
        Confidence::Medium => lang.pick("medium", "中"),
        Confidence::Low => lang.pick("low", "低"),
    }
}

pub fn step_title(s: Step, lang: Lang) -> &'static str {
    match s {
        Step::UserSide => lang.pick(
            "Step 1  User side: instance status, OS and resources, application logs",
            "ステップ1  ユーザー側：インスタンスステータス、OS・リソース、アプリケーションログ",
        ),
        Step::AwsSide => lang.pick(
            "Step 2  AWS side: system status, scheduled events, AWS Health",
            "ステップ2  AWS側：システムステータス、スケジュールされたイベント、AWS Health",
        ),
        Step::OutsideAws => lang.pick(
            "Step 3  Outside AWS: VPN, on-premises, line and carrier",
            "ステップ3  AWS以外：VPN、オンプレミス、回線・通信キャリア",
        ),
    }
}

pub fn check_label(c: Check, lang: Lang) -> &'static str {
    match c {
        Check::TriggerEvent => lang.pick("the alarm / event itself", "アラーム／イベント本体"),
        Check::InstanceStatus => {
            lang.pick("instance status check", "インスタンスステータスチェック")
        }
        Check::AttachedEbsStatus => lang.pick(
            "attached EBS status check",
            "アタッチされたEBSのステータスチェック",
        ),
        Check::DbInstanceStatus => lang.pick("DB instance status", "DBインスタンスのステータス"),
        Check::ResourceUsage => lang.pick(
            "resource usage (CloudWatch metrics)",
            "リソース状況（CloudWatchメトリクス）",
        ),
        Check::OsLogs => lang.pick("OS logs", "OSログ"),
        Check::ApplicationLogs => lang.pick("application logs", "アプリケーションログ"),
        Check::SiblingResources => lang.pick(
            "other servers in the same group",
            "同じグループの他のサーバー",
        ),
        Check::RecentChanges => {
            lang.pick("recent changes (CloudTrail)", "直近の変更（CloudTrail）")
        }
        Check::ChildAlarms => lang.pick(
            "the composite alarm's child alarms",
            "複合アラームの子アラーム",
        ),
        Check::SystemStatus => lang.pick("system status check", "システムステータスチェック"),
        Check::ScheduledEvents => lang.pick("scheduled events", "スケジュールされたイベント"),
        Check::HealthAccountEvents => lang.pick(
            "AWS Health (account health)",
            "AWS Health（アカウントヘルス）",
        ),
        Check::HealthPublicEvents => lang.pick(
            "AWS Health (service health)",
            "AWS Health（サービスヘルス）",
        ),
        Check::VpnTunnels => lang.pick("Site-to-Site VPN tunnels", "Site-to-Site VPNトンネル"),
        Check::EndpointReachability => {
            lang.pick("reachability of endpoints", "エンドポイントへの到達性")
        }
    }
}

pub fn unavailable_label(r: UnavailableReason, lang: Lang) -> &'static str {
    match r {
        UnavailableReason::NotRun => lang.pick("not run (offline)", "未実行（オフライン）"),
        UnavailableReason::AccessDenied => lang.pick("access denied", "権限不足"),
        UnavailableReason::SubscriptionRequired => lang.pick(
            "needs Business, Enterprise On-Ramp or Enterprise support",
            "ビジネス／エンタープライズ On-Ramp／エンタープライズサポートが必要",
        ),
        UnavailableReason::Throttled => lang.pick("throttled", "スロットリング"),
        UnavailableReason::Timeout => lang.pick("timed out", "タイムアウト"),
        UnavailableReason::NotConfigured => lang.pick("not configured", "未設定"),
        UnavailableReason::NoData => lang.pick(
            "no data: the alarm's metric stopped reporting",
            "データ不足：アラームのメトリクスが届いていません",
        ),
        UnavailableReason::Error => lang.pick("error", "エラー"),
    }
}

fn class_label(c: ResourceClass, lang: Lang) -> &'static str {
    match c {
        ResourceClass::Cpu => lang.pick("CPU", "CPU"),
        ResourceClass::Memory => lang.pick("memory", "メモリ"),
        ResourceClass::Disk => lang.pick("disk", "ディスク"),
        ResourceClass::Storage => lang.pick("storage", "ストレージ"),
        ResourceClass::Connections => lang.pick("connections", "接続数"),
        ResourceClass::Network => lang.pick("network", "ネットワーク"),
        ResourceClass::Io => lang.pick("I/O", "I/O"),
    }
}

pub fn db_status_text(s: &DbStatus, lang: Lang) -> String {
    match s {
        DbStatus::Failed => lang.pick(
            "failed: the DB instance needs data recovery (point-in-time restore)".into(),
            "failed（失敗）：DBインスタンスのデータ復旧対応が必要です（ポイントインタイムリストア）".into(),
        ),
        DbStatus::IncompatibleNetwork => lang.pick(
            "incompatible-network: the DB instance cannot obtain an IP address (e.g. no free IPs in its subnets)".into(),
            "incompatible-network（互換性のないネットワーク）：DBインスタンスのIPアドレスを取得できません（サブネットの空きIP不足など）".into(),
        ),
        DbStatus::StorageFull => lang.pick(
            "storage-full: the DB instance has run out of storage; extend it by modifying the instance".into(),
            "storage-full（ストレージ不足）：ストレージが枯渇しています。DBインスタンスを変更してストレージを拡張してください".into(),
        ),
        DbStatus::IncompatibleParameters => lang.pick(
            "incompatible-parameters: the parameter group has values the instance cannot start with".into(),
            "incompatible-parameters：パラメータグループの値ではインスタンスを起動できません".into(),
        ),
        DbStatus::IncompatibleRestore => lang.pick(
            "incompatible-restore: a point-in-time restore could not complete".into(),
            "incompatible-restore：ポイントインタイムリストアを完了できませんでした".into(),
        ),
        DbStatus::InaccessibleEncryptionCredentials => lang.pick(
            "inaccessible-encryption-credentials: the KMS key is disabled or deleted".into(),
            "inaccessible-encryption-credentials：KMSキーが無効化または削除されています".into(),
        ),
        DbStatus::InaccessibleEncryptionCredentialsRecoverable => lang.pick(
            "inaccessible-encryption-credentials-recoverable: the KMS key is unreachable; re-enable it within 7 days".into(),
            "inaccessible-encryption-credentials-recoverable：KMSキーにアクセスできません。7日以内に再有効化してください".into(),
        ),
        DbStatus::StorageOptimization => lang.pick(
            "storage-optimization: storage is being optimized (not a fault)".into(),
            "storage-optimization：ストレージ最適化中（障害ではありません）".into(),
        ),
        DbStatus::Other(s) => s.clone(),
    }
}

fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// One sentence for a symptom.
pub fn symptom_text(s: &Symptom, lang: Lang) -> String {
    match s {
        Symptom::SystemStatusImpaired { .. } => lang.pick(
            "the EC2 system status check failed (the physical host: network connectivity, power, host software or hardware)".into(),
            "EC2のシステムステータスチェックが失敗（物理ホスト側：ネットワーク接続、電源、ホストのソフトウェア／ハードウェア）".into(),
        ),
        Symptom::InstanceStatusImpaired { .. } => lang.pick(
            "the EC2 instance status check failed (network or startup configuration, exhausted memory, corrupted file system, incompatible kernel)".into(),
            "EC2のインスタンスステータスチェックが失敗（ネットワーク・起動設定、メモリ枯渇、ファイルシステム破損、互換性のないカーネル）".into(),
        ),
        Symptom::AttachedEbsImpaired { .. } => lang.pick(
            "the attached EBS status check failed (the storage subsystem or the host's path to EBS)".into(),
            "アタッチされたEBSのステータスチェックが失敗（ストレージ基盤またはホストからEBSへの経路）".into(),
        ),
        Symptom::StatusCheckFailed => lang.pick(
            "a status check failed (the combined metric does not say whether system or instance)".into(),
            "ステータスチェックが失敗（統合メトリクスのため、システム側かインスタンス側かは不明）".into(),
        ),
        Symptom::ScheduledEvent { code, not_before, .. } => {
            let when = not_before.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
            lang.pick(
                format!("AWS scheduled event {code}{}", if when.is_empty() { String::new() } else { format!(" from {when}") }),
                format!("AWSのスケジュールされたイベント {code}{}", if when.is_empty() { String::new() } else { format!("（{when} 以降）") }),
            )
        }
        Symptom::DbStatus { status } => lang.pick(
            format!("the DB instance status is {}", db_status_text(status, lang)),
            format!("DBインスタンスのステータスが {}", db_status_text(status, lang)),
        ),
        Symptom::DbFailover { message } => lang.pick(
            format!("an RDS Multi-AZ failover occurred: {message}"),
            format!("RDSのマルチAZフェイルオーバーが発生：{message}"),
        ),
        Symptom::ResourcePressure { metric, resource_class, value, threshold } => {
            let figures = match (value, threshold) {
                (Some(v), Some(t)) => lang.pick(
                    format!(" ({} vs threshold {})", number(*v), number(*t)),
                    format!("（{}、閾値 {}）", number(*v), number(*t)),
                ),
                (Some(v), None) => lang.pick(format!(" ({})", number(*v)), format!("（{}）", number(*v))),
                (None, Some(t)) => lang.pick(format!(" (threshold {})", number(*t)), format!("（閾値 {}）", number(*t))),
                (None, None) => String::new(),
            };
            lang.pick(
                format!("{} is under pressure: {metric}{figures}", class_label(*resource_class, lang)),
                format!("{}が逼迫：{metric}{figures}", class_label(*resource_class, lang)),
            )
        }
        Symptom::LogErrors { count, .. } => lang.pick(
            format!("{count} error line{} in the logs", if *count == 1 { "" } else { "s" }),
            format!("ログにエラーが{count}件"),
        ),
        Symptom::ApplicationErrors { metric } => lang.pick(
            format!("the application error metric {metric} is in alarm"),
            format!("アプリケーションのエラーメトリクス {metric} がアラーム状態"),
        ),
        Symptom::UnhealthyTargets { metric } => lang.pick(
            format!("load balancer targets are failing health checks ({metric})"),
            format!("ロードバランサーのターゲットがヘルスチェックに失敗（{metric}）"),
        ),
        Symptom::HealthEvent(h) => lang.pick(
            format!(
                "AWS Health {} {} for {} is {}{}",
                h.category.word(),
                h.type_code,
                h.service,
                h.status.word(),
                if h.public { " (public: all customers in the region)" } else { " (affects this account)" }
            ),
            format!(
                "AWS Health の{}イベント {}（{}）が {}{}",
                health_category_ja(&h.category),
                h.type_code,
                h.service,
                health_status_ja(&h.status),
                if h.public { "（公開イベント：リージョン内の全利用者が対象）" } else { "（このアカウントが対象）" }
            ),
        ),
        Symptom::SecurityRisk { type_code } => lang.pick(
            format!("AWS reports a risk to this account's security ({type_code}), such as an access key exposed in public"),
            format!("このアカウントのセキュリティ上のリスクがAWSから報告されました（{type_code}。公開された場所でのアクセスキー漏えいなど）"),
        ),
        Symptom::MetricStoppedReporting { metric } => lang.pick(
            format!("the alarm fired because {metric} stopped reporting (missing data treated as breaching), not because of a value"),
            format!("{metric} のデータが途絶えたためにアラーム状態になりました（欠落データを閾値超過として扱う設定）。値による発報ではありません"),
        ),
        Symptom::LoadDropped { metric } => lang.pick(
            format!("{metric} fell below its threshold: the load went away, which is not exhaustion"),
            format!("{metric} が閾値を下回りました。負荷が消えた状態で、リソースの枯渇ではありません"),
        ),
        Symptom::MixedSignals { expression, metrics } => {
            let expression = if expression.is_empty() { String::new() } else { format!(" {expression}") };
            lang.pick(
                format!("the metric-math alarm{expression} combines metrics that point to different causes ({})", metrics.join(", ")),
                format!("メトリクス計算のアラーム{expression}は、異なる原因を示すメトリクスを組み合わせています（{}）", metrics.join("、")),
            )
        }
        Symptom::RecentChanges { changes } => {
            let list: Vec<String> = changes
                .iter()
                .take(5)
                .map(|c| {
                    let by = c.by.as_deref().unwrap_or("?");
                    let at = c.at.format("%Y-%m-%d %H:%M UTC");
                    lang.pick(
                        format!("{} on {} by {by} at {at}", c.event, c.resource),
                        format!("{}（{}、{by}、{at}）", c.event, c.resource),
                    )
                })
                .collect();
            let more = changes.len().saturating_sub(5);
            let more = if more > 0 { lang.pick(format!(" and {more} more"), format!(" ほか{more}件")) } else { String::new() };
            lang.pick(
                format!("{} change{} in the hours before: {}{more}", changes.len(), if changes.len() == 1 { "" } else { "s" }, list.join("; ")),
                format!("発生前の数時間に{}件の変更：{}{more}", changes.len(), list.join("；")),
            )
        }
        Symptom::ApproachingLimit { what } => lang.pick(
            format!("a limit is being approached, nothing is broken yet: {what}"),
            format!("上限に近づいています（まだ障害ではありません）：{what}"),
        ),
        Symptom::RdsEvent { event_id, meaning, message } => {
            let id = event_id.as_deref().map(|i| format!("{i} ")).unwrap_or_default();
            let (en, ja) = match meaning {
                crate::finding::RdsMeaning::AwsFault => ("a fault of the managed database (AWS's side)", "マネージドDB側（AWS側）の障害"),
                crate::finding::RdsMeaning::CustomerFault => ("a fault in what you configure or run", "お客様が設定・運用する部分の障害"),
                crate::finding::RdsMeaning::Maintenance => ("maintenance", "メンテナンス"),
                crate::finding::RdsMeaning::Change => ("a change made in the account", "アカウント内で行われた変更"),
                crate::finding::RdsMeaning::Info => ("information", "情報"),
            };
            lang.pick(
                format!("RDS event {id}({en}): {message}"),
                format!("RDSイベント {id}（{ja}）：{message}"),
            )
        }
        Symptom::AbuseReported { type_code } => lang.pick(
            format!("AWS reports abuse from this resource ({type_code}); it may be compromised"),
            format!("このリソースからの不正利用がAWSから報告されました（{type_code}）。侵害されている可能性があります"),
        ),
        Symptom::VpnTunnelsDown { vpn_id, total: 0, .. } => lang.pick(
            format!("the tunnel state of VPN {vpn_id} is in alarm (tunnels down)"),
            format!("VPN {vpn_id} のトンネル状態がアラーム（トンネルがダウン）"),
        ),
        Symptom::VpnTunnelsDown { vpn_id, down, total } => lang.pick(
            format!("{down} of {total} VPN tunnels of {vpn_id} are DOWN"),
            format!("{vpn_id} のVPNトンネル {total} 本中 {down} 本が DOWN"),
        ),
        Symptom::DirectConnectDown { connection_id } => lang.pick(
            format!("Direct Connect connection {connection_id} is down"),
            format!("Direct Connect 接続 {connection_id} がダウン"),
        ),
        Symptom::EndpointUnreachable { endpoint } => lang.pick(
            format!("{endpoint} did not answer a TCP connect"),
            format!("{endpoint} へのTCP接続に応答がありません"),
        ),
        Symptom::InstanceStopped { state } => lang.pick(
            format!("the instance is {state}"),
            format!("インスタンスが {state} 状態"),
        ),
        Symptom::SiblingsImpaired { group, impaired, total, stopped, zone } => {
            let stopped_en = if *stopped > 0 { format!(" ({stopped} stopped)") } else { String::new() };
            let stopped_ja = if *stopped > 0 { format!("（停止中 {stopped} 台）") } else { String::new() };
            let zone_en = zone.as_deref().map(|z| format!(", all in {z} while the others elsewhere are healthy")).unwrap_or_default();
            let zone_ja = zone.as_deref().map(|z| format!("。異常はすべて {z} にあり、他のゾーンは正常")).unwrap_or_default();
            lang.pick(
                format!("{impaired} of {total} servers in {group} are impaired{stopped_en}{zone_en}"),
                format!("{group} のサーバー {total} 台中 {impaired} 台に異常{stopped_ja}{zone_ja}"),
            )
        }
        Symptom::Unclassified { signal } => lang.pick(
            format!("a signal kiriwake has no rule for: {}", signal_text(signal, lang)),
            format!("判定ルールのないシグナル：{}", signal_text(signal, lang)),
        ),
    }
}

/// What a signal without a rule was.
fn signal_text(signal: &Signal, lang: Lang) -> String {
    match signal {
        Signal::CompositeAlarm { rule, triggered_by } if triggered_by.is_empty() => lang.pick(
            format!("composite alarm rule {rule}"),
            format!("複合アラームのルール {rule}"),
        ),
        Signal::CompositeAlarm { rule, triggered_by } => lang.pick(
            format!(
                "composite alarm rule {rule}, triggered by {}",
                triggered_by.join(", ")
            ),
            format!(
                "複合アラームのルール {rule}（発報元：{}）",
                triggered_by.join("、")
            ),
        ),
        Signal::Alarm { alarm, metrics } if metrics.is_empty() => lang.pick(
            format!("alarm {alarm} on an unknown metric"),
            format!("アラーム {alarm}（メトリクス不明）"),
        ),
        Signal::Alarm { alarm, metrics } => lang.pick(
            format!("alarm {alarm} on {}", metrics.join(", ")),
            format!("アラーム {alarm}（メトリクス：{}）", metrics.join("、")),
        ),
        Signal::RdsEvent { event_id, message } => {
            let id = event_id
                .as_deref()
                .map(|i| format!(" {i}"))
                .unwrap_or_default();
            lang.pick(
                format!("RDS event{id}: {message}"),
                format!("RDS イベント{id}：{message}"),
            )
        }
    }
}

fn health_category_ja(c: &crate::incident::HealthCategory) -> &str {
    use crate::incident::HealthCategory::*;
    match c {
        Issue => "障害（issue）",
        AccountNotification => "アカウント通知",
        ScheduledChange => "予定された変更",
        Investigation => "調査中",
        Other(s) => s,
    }
}

fn health_status_ja(s: &crate::incident::HealthStatus) -> &str {
    use crate::incident::HealthStatus::*;
    match s {
        Open => "継続中（open）",
        Closed => "終了（closed）",
        Upcoming => "予定（upcoming）",
        Other(s) => s,
    }
}

/// The trigger as one line for people: intake's own summary in English; in Japanese, the
/// same facts in Japanese (names, identifiers, states and AWS's own words as they are).
pub fn trigger_line(i: &Incident, lang: Lang) -> String {
    if lang == Lang::En {
        return i.summary.clone();
    }
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
            health_category_ja(&h.category),
            h.event_type_code,
            health_status_ja(&h.status),
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
    // As intake bounds and redacts its summary.
    crate::render::truncate_chars(
        &crate::redact::redact(&line),
        crate::intake::MAX_SUMMARY_CHARS,
    )
}

/// An evidence line's label and value in `lang`: the trigger's own summary as
/// [`trigger_line`], kiriwake's labels in words; API field names and AWS's text as they are.
pub fn evidence_words<'a>(
    f: &Finding,
    e: &'a crate::finding::Evidence,
    i: &Incident,
    lang: Lang,
) -> (&'a str, std::borrow::Cow<'a, str>) {
    use std::borrow::Cow;
    if lang == Lang::En {
        return (e.label.as_str(), Cow::Borrowed(e.value.as_str()));
    }
    use crate::finding::label as l;
    let value = Cow::Borrowed(e.value.as_str());
    match e.label.as_str() {
        "event" if f.check == Check::TriggerEvent => {
            ("イベント", Cow::Owned(trigger_line(i, lang)))
        }
        "alarm reason" => ("アラームの理由（AWSの原文）", value),
        // The live checks' own labels (AWS's field names, such as `InstanceStatus`, stay
        // as AWS writes them).
        l::GROUP => ("グループ", value),
        l::IMPAIRED => ("異常", Cow::Owned(of_total_ja(&e.value))),
        l::STOPPED => ("停止中", value),
        l::LOOKED_UP => ("確認した対象", value),
        l::WINDOW => ("対象期間", value),
        l::CHANGES => ("変更の件数", value),
        l::LOG_GROUPS => ("ロググループ", value),
        l::TERMS => ("検索語", value),
        l::MATCHING_EVENTS => (
            "一致したログイベント",
            Cow::Owned(
                e.value
                    .replace(l::CUT, "（件数上限または制限時間で打ち切り）"),
            ),
        ),
        l::LOG_STREAMS => ("ログストリーム", value),
        l::NOT_FOUND if f.check == Check::ChildAlarms => ("見つからない子アラーム", value),
        l::NOT_FOUND => ("見つからないロググループ", value),
        l::NO_STREAM => ("このリソースのストリームがないロググループ", value),
        l::LOG_GROUPS_IGNORED => (
            "タグで選ばれたが KIRIWAKE_LOG_GROUP_PREFIX の外にあるため読まなかったロググループ",
            value,
        ),
        l::EXCERPT => ("抜粋", value),
        l::CHILD_ALARM => ("子アラーム", Cow::Owned(name_state_ja(&e.value))),
        l::CHILD_COMPOSITE_ALARM => ("子の複合アラーム", Cow::Owned(name_state_ja(&e.value))),
        l::ANSWERED => ("回答", Cow::Owned(reused_ja(&e.value))),
        l::OPEN_EVENTS => (
            "継続中のイベント",
            Cow::Owned(match e.value.strip_prefix("none for ") {
                Some(services) => format!("なし（{services}）"),
                None => e.value.clone(),
            }),
        ),
        l::CONNECTED_IN => ("接続時間", value),
        l::ERROR => (
            "エラー",
            Cow::Owned(match e.value.strip_prefix("no answer within ") {
                Some(ms) => format!("{ms} 以内に応答なし"),
                None => e.value.clone(),
            }),
        ),
        l::DESCRIPTION => ("説明（AWSの原文）", value),
        label if label.starts_with(l::NOT_LOOKED_UP) => ("未確認", value),
        // EC2's status summaries: AWS's status words, kiriwake's glue.
        "InstanceStatus" | "SystemStatus" | "AttachedEbsStatus" => (
            e.label.as_str(),
            match e.value.as_str() {
                l::ABSENT => Cow::Borrowed("なし"),
                l::UNKNOWN => Cow::Borrowed("不明"),
                v => Cow::Owned(since_ja(v)),
            },
        ),
        _ => (
            e.label.as_str(),
            match e.value.as_str() {
                l::UNKNOWN => Cow::Borrowed("不明"),
                l::NONE_SCHEDULED => Cow::Borrowed("予定なし"),
                l::NO_DATAPOINTS => Cow::Borrowed("データポイントなし（未発行）"),
                _ => value,
            },
        ),
    }
}

/// A child alarm's "name is STATE" → "name：STATE" (the name may itself contain " is ").
fn name_state_ja(value: &str) -> String {
    match value.rsplit_once(" is ") {
        Some((name, state)) => format!("{name}：{state}"),
        None => value.to_owned(),
    }
}

/// "N s ago for another server of the group (reused for M s)", in Japanese.
fn reused_ja(value: &str) -> String {
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
fn of_total_ja(value: &str) -> String {
    let parsed = value.split_once(": ").and_then(|(count, ids)| {
        let (n, total) = count.split_once(" of ")?;
        Some(format!("{total} 台中 {n} 台：{ids}"))
    });
    parsed.unwrap_or_else(|| value.to_owned())
}

/// An EC2 status with its details, "impaired; reachability failed since T" → "impaired;
/// reachability failed（T 以降）": AWS's status words kept, the English glue not.
fn since_ja(value: &str) -> String {
    value
        .split("; ")
        .map(|part| match part.split_once(" since ") {
            Some((what, t)) => format!("{what}（{t} 以降）"),
            None => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A finding as a short line: check, outcome, why.
pub fn finding_line(f: &Finding, lang: Lang) -> String {
    let subject = match &f.resource {
        Some(r) if f.check != Check::TriggerEvent => {
            format!("{} ({r})", check_label(f.check, lang))
        }
        _ => check_label(f.check, lang).to_owned(),
    };
    match &f.outcome {
        Outcome::Normal => lang.pick(format!("{subject}: normal"), format!("{subject}：正常")),
        Outcome::Abnormal { symptom } => format!(
            "{subject}{}{}",
            lang.pick(": ", "："),
            symptom_text(symptom, lang)
        ),
        Outcome::Unavailable { reason, detail } => {
            let detail = if detail.is_empty() {
                String::new()
            } else {
                let text = detail_text(detail, lang);
                lang.pick(format!(" ({text})"), format!("（{text}）"))
            };
            lang.pick(
                format!(
                    "{subject}: could not check — {}{detail}",
                    unavailable_label(*reason, lang)
                ),
                format!(
                    "{subject}：確認できず — {}{detail}",
                    unavailable_label(*reason, lang)
                ),
            )
        }
    }
}

/// What a check that could not run has to add: a hint in this language, or the API's text.
pub fn detail_text(detail: &Detail, lang: Lang) -> String {
    let hint = match detail {
        Detail::Text(text) => return text.clone(),
        Detail::Known(hint) => hint,
    };
    match hint {
        Hint::NoLogGroups => lang.pick(
            "no log groups: set KIRIWAKE_OS_LOG_GROUPS / KIRIWAKE_APP_LOG_GROUPS or tag the resource".into(),
            "ロググループなし：KIRIWAKE_OS_LOG_GROUPS / KIRIWAKE_APP_LOG_GROUPS を設定するか、リソースにタグを付けてください".into(),
        ),
        Hint::LogStreamPatternEmpty => lang.pick(
            "KIRIWAKE_LOG_STREAM_PATTERN names nothing this resource's description fills, so its own log streams cannot be told apart".into(),
            "KIRIWAKE_LOG_STREAM_PATTERN がこのリソースの情報で埋まる項目を含まないため、このリソースのログストリームを区別できません".into(),
        ),
        Hint::LogGroupsNotFound { groups } => lang.pick(
            format!("log groups not found: {}", groups.join(", ")),
            format!("ロググループが見つかりません：{}", groups.join("、")),
        ),
        Hint::NoLogStream { resource, prefix, groups } => lang.pick(
            format!("no log stream of {resource} (streams named {prefix}…) in {}", groups.join(", ")),
            format!("{} に {resource} のログストリーム（{prefix}…）がありません", groups.join("、")),
        ),
        Hint::NoDatapoints => lang.pick(
            "no metric datapoints in the window".into(),
            "対象期間にメトリクスのデータポイントがありません".into(),
        ),
        Hint::CompositeNamesNoAlarm => lang.pick(
            "the composite alarm's rule names no alarm".into(),
            "複合アラームのルールがアラームを参照していません".into(),
        ),
        Hint::NoChildAlarm { alarms } => lang.pick(
            format!("none of the child alarms exists: {}", alarms.join(", ")),
            format!("子アラームがいずれも存在しません：{}", alarms.join("、")),
        ),
        Hint::NoGroup { tag } => lang.pick(
            format!("no `{tag}` tag and no Auto Scaling group to find other servers by"),
            format!("`{tag}` タグも Auto Scaling グループもなく、同じグループのサーバーを特定できません"),
        ),
        Hint::HealthNeedsSubscription => lang.pick(
            "the AWS Health API needs Business, Enterprise On-Ramp or Enterprise support; relying on the AWS Health events EventBridge delivers".into(),
            "AWS Health API にはビジネス／エンタープライズ On-Ramp／エンタープライズサポートが必要です。EventBridge が配信する AWS Health イベントで代替しています".into(),
        ),
        Hint::NoVpn => lang.pick(
            "no VPN attached to the resource's VPC and none in KIRIWAKE_VPN_CONNECTIONS".into(),
            "リソースのVPCにVPN接続がなく、KIRIWAKE_VPN_CONNECTIONS も未設定です".into(),
        ),
        Hint::NoEndpoints => lang.pick(
            "no endpoints in KIRIWAKE_PROBE_ENDPOINTS".into(),
            "KIRIWAKE_PROBE_ENDPOINTS にエンドポイントが設定されていません".into(),
        ),
        Hint::NoResult => lang.pick(
            "the check returned no result".into(),
            "確認結果が返りませんでした".into(),
        ),
        Hint::InstanceNotFound => lang.pick(
            "instance not found".into(),
            "インスタンスが見つかりません".into(),
        ),
        Hint::NoAnswerWithin { ms } => lang.pick(
            format!("no answer within {ms} ms"),
            format!("{ms} ms 以内に応答がありません"),
        ),
        Hint::SdkTimedOut => lang.pick(
            "the SDK timed out".into(),
            "SDK がタイムアウトしました".into(),
        ),
        Hint::NoCredentials { error } => lang.pick(
            format!("no usable AWS credentials: {error}"),
            format!("使用できるAWS認証情報がありません：{error}"),
        ),
        Hint::Unreachable { error } => lang.pick(
            format!("could not reach the endpoint: {error}"),
            format!("エンドポイントに接続できません：{error}"),
        ),
        Hint::NotThisService { status } => {
            let http = status.map(|s| format!(" HTTP {s}")).unwrap_or_default();
            let http_ja = status.map(|s| format!("（HTTP {s}）")).unwrap_or_default();
            lang.pick(
                format!("the endpoint answered{http} with a response that is not this service's (an emulator without it, or a proxy error page)"),
                format!("エンドポイントがこのサービスのものではない応答{http_ja}を返しました（未対応のエミュレーター、またはプロキシのエラーページ）"),
            )
        }
        Hint::IgnoredLogGroups { cause, ignored } => lang.pick(
            format!(
                "{}; not read, as tags may choose only log groups under KIRIWAKE_LOG_GROUP_PREFIX: {ignored}",
                detail_text(cause, lang)
            ),
            format!(
                "{}。タグで選ばれたが KIRIWAKE_LOG_GROUP_PREFIX の外にあるため読まなかったロググループ：{ignored}",
                detail_text(cause, lang)
            ),
        ),
        Hint::DbNotFound { cluster: true, id } => lang.pick(
            format!("DB cluster {id} not found"),
            format!("DBクラスター {id} が見つかりません"),
        ),
        Hint::DbNotFound { cluster: false, id } => lang.pick(
            format!("DB instance {id} not found"),
            format!("DBインスタンス {id} が見つかりません"),
        ),
        Hint::StepDidNotReport => lang.pick(
            "the step did not report".into(),
            "ステップから結果が返りませんでした".into(),
        ),
        Hint::StepFailed { error } => lang.pick(
            format!("the step failed ({error})"),
            format!("ステップが失敗しました（{error}）"),
        ),
    }
}

/// A note intake made about the trigger (a field it could not read, a time it did not
/// believe), as a reason.
pub fn intake_note(note: &str, lang: Lang) -> String {
    lang.pick(
        format!("Intake note: {note}."),
        format!("受付時の注記: {note}"),
    )
}

/// A supporting finding as a reason sentence.
pub fn finding_reason(f: &Finding, s: &Symptom, lang: Lang) -> String {
    let text = symptom_text(s, lang);
    let on = f
        .resource
        .as_deref()
        .map(|r| lang.pick(format!(" on {r}"), format!("（{r}）")))
        .unwrap_or_default();
    if f.is_live() {
        // "Scheduled events found: …": a label may be plural, and a symptom is not always
        // a clause ("1 error line in the logs").
        let label = check_label(f.check, lang);
        let mut chars = label.chars();
        let label_en: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        lang.pick(
            format!("{label_en} found: {text}{on}."),
            format!("{}の結果：{text}{on}。", check_label(f.check, lang)),
        )
    } else {
        lang.pick(
            format!("The trigger reports that {text}{on}."),
            format!("トリガーの通知内容：{text}{on}。"),
        )
    }
}

/// Why this branch of the flowchart, in the method's terms.
pub fn decision_reasons(
    verdict: Verdict,
    cause: &Cause,
    findings: &[Finding],
    lang: Lang,
) -> Vec<String> {
    use crate::words::Reason;

    let mut out = Vec::new();
    let live_normal = |c: Check| {
        findings
            .iter()
            .any(|f| f.check == c && f.outcome == Outcome::Normal)
    };
    match verdict {
        Verdict::AwsSide => {
            // Why AWS's evidence outranks the user side's, in the terms of the cause found.
            out.push(match cause {
                Cause::AwsServiceIssue { .. } | Cause::AwsInvestigation { .. } => {
                    Reason::AwsServiceFirst
                }
                Cause::DbFailover | Cause::RdsAwsFault { .. } => Reason::RdsManagedFirst,
                Cause::DegradedHardware { .. } => Reason::DegradedHardwareFirst,
                Cause::EbsStorageFailure | Cause::EbsVolumeLost | Cause::InstanceStoreDegraded => {
                    Reason::StorageFirst
                }
                _ => Reason::SystemStatusFirst,
            });
            if let Cause::DbFailover = cause {
                out.push(Reason::FailoverAlone);
            }
        }
        Verdict::Instance | Verdict::Application
            if matches!(cause, Cause::ChangeMade | Cause::RecentDeployment) =>
        {
            out.push(Reason::ChangeShortlyBefore);
        }
        Verdict::Instance => {
            if live_normal(Check::SystemStatus) {
                out.push(Reason::SystemStatusNormal);
            }
        }
        Verdict::Application => {
            if live_normal(Check::InstanceStatus) || live_normal(Check::DbInstanceStatus) {
                out.push(Reason::InstanceStatusNormal);
            }
        }
        Verdict::OutsideAws => out.push(Reason::OutsideAws),
        Verdict::Watch => out.push(Reason::Watch),
        Verdict::Recovered => out.push(Reason::Recovered),
        Verdict::Inconclusive => out.push(match cause {
            Cause::InstanceStoppedWithoutCause => Reason::InstanceStoppedWithoutCause,
            Cause::StatusCheckUndetermined => Reason::StatusCheckUndetermined,
            Cause::MetricStoppedReporting => Reason::MetricStoppedReporting,
            Cause::LoadDropped => Reason::LoadDropped,
            Cause::MixedSignals => Reason::MixedSignals,
            Cause::SymptomWithoutCause => Reason::SymptomWithoutCause,
            Cause::NotAFault => Reason::NotAFault,
            Cause::Unclassified => Reason::Unclassified,
            _ if findings
                .iter()
                .any(|f| f.is_live() && !matches!(f.outcome, Outcome::Unavailable { .. })) =>
            {
                Reason::NoCheckFoundFault
            }
            _ => Reason::NoEvidenceYet,
        }),
    }
    let words = lang.words();
    out.into_iter()
        .map(|r| words.reason(r).to_owned())
        .collect()
}

/// A configuration value that was bad and replaced by its default.
pub fn ignored_setting(name: &str, value: &str, expected: &str, lang: Lang) -> String {
    lang.words().ignored_setting(name, value, expected)
}

/// The incident store could not tell whether this trigger was already isolated.
pub fn dedupe_unavailable(error: &str, lang: Lang) -> String {
    lang.words().dedupe_unavailable(error)
}

/// The incident store could not place the trigger in an incident: the notification stands
/// alone.
pub fn store_unavailable(error: &str, lang: Lang) -> String {
    lang.words().store_unavailable(error)
}

pub fn unavailable_reason(n: usize, lang: Lang) -> String {
    lang.words().checks_unavailable(n)
}

/// The headline: verdict and resource.
pub fn headline(verdict: Verdict, cause: &Cause, incident: &Incident, lang: Lang) -> String {
    let what = target_words(incident, lang);
    let detail = cause_words(cause, lang);
    lang.words()
        .headline(verdict_label(verdict, lang), &detail, &what)
}

/// The resource(s) or, failing that, what fired.
pub fn target_words(incident: &Incident, lang: Lang) -> String {
    use crate::words::Target;

    let ids = incident.resource_ids();
    let region = incident.region.as_deref().unwrap_or("?");
    let target = match ids.as_slice() {
        [] => match &incident.trigger {
            Trigger::Alarm(a) => Target::Alarm {
                name: &a.alarm_name,
                region,
            },
            Trigger::Health(h) => Target::Service {
                service: &h.service,
                region,
            },
            _ => Target::Region(region),
        },
        [one] if incident.resources_omitted == 0 => Target::One { id: one, region },
        [first, rest @ ..] => Target::Several {
            first,
            more: rest.len() + incident.resources_omitted,
            region,
        },
    };
    lang.words().target(target)
}

pub fn cause_words(cause: &Cause, lang: Lang) -> String {
    let class = match cause {
        Cause::ResourceExhausted { resource_class } => class_label(*resource_class, lang),
        _ => "",
    };
    lang.words().cause(cause, class)
}
