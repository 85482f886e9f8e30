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

/// The trigger as one line for people: intake's own summary, or, in a language that words
/// the trigger anew (Japanese), the same facts in that language (names, identifiers, states
/// and AWS's own words as they are), redacted and bounded as intake's summary is.
pub fn trigger_line(i: &Incident, lang: Lang) -> String {
    match lang.words().trigger_line(i) {
        Some(line) => bounded(&line),
        None => i.summary.clone(),
    }
}

/// A trigger line redacted and bounded, as intake redacts and bounds its summary.
fn bounded(line: &str) -> String {
    crate::render::truncate_chars(
        &crate::redact::redact(line),
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
    let (label, value) = lang.words().evidence(f.check, &e.label, &e.value);
    // The trigger's own event is intake's summary: in a language that words the trigger
    // anew, it reads as that language's trigger line.
    if f.check == Check::TriggerEvent
        && e.label == "event"
        && let Some(line) = lang.words().trigger_line(i)
    {
        return (label, std::borrow::Cow::Owned(bounded(&line)));
    }
    (label, value)
}

/// A finding as a short line: check, outcome, why.
pub fn finding_line(f: &Finding, lang: Lang) -> String {
    let words = lang.words();
    let check = check_label(f.check, lang);
    let subject = match &f.resource {
        Some(r) if f.check != Check::TriggerEvent => words.finding_subject(check, r),
        _ => check.to_owned(),
    };
    match &f.outcome {
        Outcome::Normal => words.finding_normal(&subject),
        Outcome::Abnormal { symptom } => {
            words.finding_abnormal(&subject, &symptom_text(symptom, lang))
        }
        Outcome::Unavailable { reason, detail } => {
            let detail = (!detail.is_empty()).then(|| detail_text(detail, lang));
            words.finding_unavailable(
                &subject,
                unavailable_label(*reason, lang),
                detail.as_deref(),
            )
        }
    }
}

/// What a check that could not run has to add: a hint in this language, or the API's text.
pub fn detail_text(detail: &Detail, lang: Lang) -> String {
    lang.words().detail(detail)
}

/// A note intake made about the trigger (a field it could not read, a time it did not
/// believe), as a reason.
pub fn intake_note(note: &str, lang: Lang) -> String {
    lang.words().intake_note(note)
}

/// A supporting finding as a reason sentence.
pub fn finding_reason(f: &Finding, s: &Symptom, lang: Lang) -> String {
    let text = symptom_text(s, lang);
    let resource = f.resource.as_deref();
    if f.is_live() {
        lang.words()
            .live_finding_reason(check_label(f.check, lang), &text, resource)
    } else {
        lang.words().trigger_finding_reason(&text, resource)
    }
}

/// Why this branch of the flowchart, in the method's terms.
pub fn decision_reasons(
    verdict: Verdict,
    cause: &Cause,
    findings: &[Finding],
    lang: Lang,
) -> Vec<String> {
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
                Cause::AwsServiceIssue { .. } | Cause::AwsInvestigation { .. } => lang.pick(
                    "AWS-side evidence is read first: AWS Health reports a problem of the service itself, so errors and alarms on your side during it may be its consequence.".into(),
                    "AWS側の証拠を最優先で判断：AWS Healthがサービス自体の問題を報告しているため、その間のユーザー側のエラーやアラームはその結果である可能性があります。".into(),
                ),
                Cause::DbFailover | Cause::RdsAwsFault { .. } => lang.pick(
                    "AWS-side evidence is read first: RDS reports an event of the layers AWS manages, so connection errors of your applications meanwhile may be its consequence.".into(),
                    "AWS側の証拠を最優先で判断：RDSがAWSの管理する層のイベントを報告しているため、その間のアプリケーションの接続エラーはその結果である可能性があります。".into(),
                ),
                Cause::DegradedHardware { .. } => lang.pick(
                    "AWS-side evidence is read first: AWS reports the hardware under the instance degraded (and schedules its retirement or maintenance), so faults on the instance may be its consequence.".into(),
                    "AWS側の証拠を最優先で判断：AWSがインスタンスの下のハードウェアの劣化を報告しています（リタイアやメンテナンスが予定されます）。インスタンス上の障害はその結果である可能性があります。".into(),
                ),
                Cause::EbsStorageFailure | Cause::EbsVolumeLost | Cause::InstanceStoreDegraded => lang.pick(
                    "AWS-side evidence is read first: the storage under the instance failed, so I/O errors and stalls on the instance may be its consequence.".into(),
                    "AWS側の証拠を最優先で判断：インスタンスの下のストレージが故障しているため、インスタンス上のI/Oエラーや停止はその結果である可能性があります。".into(),
                ),
                _ => lang.pick(
                    "AWS-side evidence is read first: a failed system status check also fails the instance status check, so user-side symptoms may be its consequence.".into(),
                    "AWS側の証拠を最優先で判断：システムステータスチェックが失敗するとインスタンスステータスチェックも失敗するため、ユーザー側の症状はその結果である可能性があります。".into(),
                ),
            });
            if let Cause::DbFailover = cause {
                out.push(lang.pick(
                    "A failover alone does not prove an AWS fault (a reboot with failover or maintenance also causes one); confidence is limited.".into(),
                    "フェイルオーバーだけではAWS側の障害と断定できません（フェイルオーバー付き再起動やメンテナンスでも発生）。確度は限定的です。".into(),
                ));
            }
        }
        Verdict::Instance | Verdict::Application
            if matches!(cause, Cause::ChangeMade | Cause::RecentDeployment) =>
        {
            out.push(lang.pick(
                "A change made shortly before the incident is the likeliest cause: the method's third kind of cause, human error, next to hardware and software.".into(),
                "障害直前に行われた変更が最も有力な原因です（ハードウェア、ソフトウェアと並ぶ、人為的ミスによる原因）。".into(),
            ));
        }
        Verdict::Instance => {
            if live_normal(Check::SystemStatus) {
                out.push(lang.pick(
                    "The system status check is normal, so the AWS host is not the cause.".into(),
                    "システムステータスチェックは正常のため、AWSのホストは原因ではありません。".into(),
                ));
            }
        }
        Verdict::Application => {
            if live_normal(Check::InstanceStatus) || live_normal(Check::DbInstanceStatus) {
                out.push(lang.pick(
                    "The instance status is normal, so the method's next step is the application logs.".into(),
                    "インスタンスステータスは正常のため、次はアプリケーションログの確認です（切り分け手順どおり）。".into(),
                ));
            }
        }
        Verdict::OutsideAws => out.push(lang.pick(
            "No AWS-side or user-side fault explains it; the path outside AWS is down. The customer's own line and the carrier cannot be seen from inside AWS.".into(),
            "AWS側・ユーザー側に原因が見当たらず、AWS外の経路に異常があります。お客様の回線や通信キャリアの状態はAWS内からは確認できません。".into(),
        )),
        Verdict::Watch => out.push(lang.pick(
            "Nothing is broken now: this asks for a plan by a date, not an action tonight (the method's 静観, watch).".into(),
            "現時点で障害はありません。今すぐの対応ではなく、期日までの計画が必要な通知です（静観）。".into(),
        )),
        Verdict::Recovered => out.push(lang.pick(
            "The trigger reports that the condition has ended and no check finds a fault now.".into(),
            "トリガーは状態の終了を示しており、現時点でどの確認でも異常は見つかっていません。".into(),
        )),
        Verdict::Inconclusive => out.push(match cause {
            Cause::InstanceStoppedWithoutCause => lang.pick(
                "The instance stopped without an AWS-side cause in view: a person, an automation or the OS may have stopped it.".into(),
                "AWS側の原因が見当たらないままインスタンスが停止しました。人為的な操作、自動化、またはOSによる停止の可能性があります。".into(),
            ),
            Cause::StatusCheckUndetermined => lang.pick(
                "The combined status check does not tell the system check from the instance check.".into(),
                "統合ステータスチェックでは、システム側とインスタンス側のどちらの失敗かを区別できません。".into(),
            ),
            Cause::MetricStoppedReporting => lang.pick(
                "The alarm's metric stopped reporting: the resource may be stopped or its agent may have died.".into(),
                "アラームのメトリクスが途絶えています。リソースが停止しているか、エージェントが停止している可能性があります。".into(),
            ),
            Cause::LoadDropped => lang.pick(
                "The alarm's metric fell below its threshold: something stopped sending work, which no check can place yet.".into(),
                "アラームのメトリクスが閾値を下回りました。処理が来なくなった原因はまだどの確認でも特定できていません。".into(),
            ),
            Cause::MixedSignals => lang.pick(
                "The metric-math alarm combines metrics that point to different causes, and no check found one of them.".into(),
                "メトリクス計算のアラームは異なる原因を示すメトリクスを組み合わせており、どの確認でも原因を特定できませんでした。".into(),
            ),
            Cause::SymptomWithoutCause => lang.pick(
                "The alarm reports how hard something works (throughput, I/O), which is a symptom; no check found what causes it.".into(),
                "アラームは処理量（スループット、I/O）の増加を示しており、これは症状です。どの確認でも原因は見つかりませんでした。".into(),
            ),
            Cause::NotAFault => lang.pick(
                "The AWS Health event is a notification, not a fault affecting the resource now.".into(),
                "このAWS Healthイベントは通知であり、現在リソースに影響している障害ではありません。".into(),
            ),
            Cause::Unclassified => lang.pick(
                "kiriwake has no rule for this signal; it needs a person's judgement.".into(),
                "このシグナルに対応する判定ルールがないため、人による判断が必要です。".into(),
            ),
            _ if findings.iter().any(|f| f.is_live() && !matches!(f.outcome, Outcome::Unavailable { .. })) => lang.pick(
                "No check found a fault.".into(),
                "どの確認でも異常は見つかりませんでした。".into(),
            ),
            _ => lang.pick(
                "The trigger names no fault and no live check ran, so there is no evidence yet.".into(),
                "トリガーは障害を示しておらず、ライブチェックも実行されていないため、まだ判断材料がありません。".into(),
            ),
        }),
    }
    out
}

/// A configuration value that was bad and replaced by its default.
pub fn ignored_setting(name: &str, value: &str, expected: &str, lang: Lang) -> String {
    lang.pick(
        format!("Setting {name}={value:?} ignored (expected {expected}): its default was used."),
        format!("設定 {name}={value:?} は無効なため無視し、既定値を使いました（期待される値: {expected}）。"),
    )
}

/// The incident store could not tell whether this trigger was already isolated.
pub fn dedupe_unavailable(error: &str, lang: Lang) -> String {
    lang.pick(
        format!("The incident store could not record this trigger ({error}): if the same alarm or event was already notified, this notification repeats it."),
        format!("インシデントストアにこのトリガーを記録できませんでした（{error}）。同じアラームやイベントがすでに通知されていれば、この通知はその重複です。"),
    )
}

/// The incident store could not place the trigger in an incident: the notification stands
/// alone.
pub fn store_unavailable(error: &str, lang: Lang) -> String {
    lang.pick(
        format!("The incident store could not place this trigger in an incident ({error}): this notification stands alone, and others of the same outage may follow."),
        format!("インシデントストアでこのトリガーをインシデントにまとめられませんでした（{error}）。この通知は単独のもので、同じ障害の別の通知が続く場合があります。"),
    )
}

pub fn unavailable_reason(n: usize, lang: Lang) -> String {
    lang.pick(
        format!("{n} check{} could not run; the verdict uses what was available (see \"could not check\").", if n == 1 { "" } else { "s" }),
        format!("{n}件の確認が実行できませんでした。判定は得られた情報のみに基づきます（「確認できなかった項目」参照）。"),
    )
}

/// The headline: verdict and resource.
pub fn headline(verdict: Verdict, cause: &Cause, incident: &Incident, lang: Lang) -> String {
    let what = target_words(incident, lang);
    let detail = cause_words(cause, lang);
    lang.pick(
        format!("{}: {detail} — {what}", verdict_label(verdict, lang)),
        format!("{}：{detail} — {what}", verdict_label(verdict, lang)),
    )
}

/// The resource(s) or, failing that, what fired.
pub fn target_words(incident: &Incident, lang: Lang) -> String {
    let ids = incident.resource_ids();
    let region = incident.region.as_deref().unwrap_or("?");
    match ids.as_slice() {
        [] => match &incident.trigger {
            Trigger::Alarm(a) => lang.pick(
                format!("alarm {} ({region})", a.alarm_name),
                format!("アラーム {}（{region}）", a.alarm_name),
            ),
            Trigger::Health(h) => format!("{} ({region})", h.service),
            _ => region.to_owned(),
        },
        [one] if incident.resources_omitted == 0 => format!("{one} ({region})"),
        [first, rest @ ..] => {
            let more = rest.len() + incident.resources_omitted;
            lang.pick(
                format!("{first} and {more} more ({region})"),
                format!("{first} ほか{more}件（{region}）"),
            )
        }
    }
}

pub fn cause_words(cause: &Cause, lang: Lang) -> String {
    match cause {
        Cause::HostFailure => lang
            .pick(
                "system status check failed",
                "システムステータスチェック失敗",
            )
            .into(),
        Cause::EbsStorageFailure => lang
            .pick(
                "attached EBS status check failed",
                "EBSステータスチェック失敗",
            )
            .into(),
        Cause::DegradedHardware { .. } => lang
            .pick(
                "degraded host hardware (retirement scheduled)",
                "ホストのハードウェア劣化（リタイア予定）",
            )
            .into(),
        Cause::AwsServiceIssue { type_code, .. } => lang.pick(
            format!("AWS service issue {type_code}"),
            format!("AWSサービス障害 {type_code}"),
        ),
        Cause::AwsInvestigation { type_code } => lang.pick(
            format!("AWS is investigating {type_code}"),
            format!("AWSが調査中 {type_code}"),
        ),
        Cause::ScheduledMaintenance { type_code, .. } => lang.pick(
            format!("scheduled maintenance {type_code}"),
            format!("予定メンテナンス {type_code}"),
        ),
        Cause::DbFailover => lang
            .pick("RDS Multi-AZ failover", "RDSマルチAZフェイルオーバー")
            .into(),
        Cause::InstanceStoreDegraded => lang
            .pick(
                "instance-store drive degraded",
                "インスタンスストアのドライブ劣化",
            )
            .into(),
        Cause::EbsVolumeLost => lang.pick("EBS volume lost", "EBSボリュームの喪失").into(),
        Cause::RdsAwsFault { event_id } => lang.pick(
            format!(
                "RDS managed-layer fault{}",
                event_id
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default()
            ),
            format!(
                "RDSのマネージド側の障害{}",
                event_id
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default()
            ),
        ),
        Cause::RdsCustomerFault { event_id } => lang.pick(
            format!(
                "RDS reports a fault in your configuration{}",
                event_id
                    .as_deref()
                    .map(|i| format!(" ({i})"))
                    .unwrap_or_default()
            ),
            format!(
                "RDSがお客様側の設定の障害を報告{}",
                event_id
                    .as_deref()
                    .map(|i| format!("（{i}）"))
                    .unwrap_or_default()
            ),
        ),
        Cause::ChangeMade => lang
            .pick("a change made in the account", "アカウント内で行われた変更")
            .into(),
        Cause::RecentDeployment => lang
            .pick("a deployment in the hours before", "発生前のデプロイ")
            .into(),
        Cause::SecurityRisk { type_code } => lang.pick(
            format!("security risk reported by AWS ({type_code})"),
            format!("AWSからセキュリティリスクの報告（{type_code}）"),
        ),
        Cause::Notice { type_code } => {
            lang.pick(format!("notice {type_code}"), format!("通知 {type_code}"))
        }
        Cause::ApproachingLimit => lang
            .pick("a limit is being approached", "上限への接近")
            .into(),
        Cause::LoadDropped => lang.pick("the load went away", "負荷の消失").into(),
        Cause::MixedSignals => lang
            .pick(
                "metric math over metrics that point different ways",
                "異なる原因を示すメトリクスの計算式",
            )
            .into(),
        Cause::SymptomWithoutCause => lang
            .pick("a symptom, cause not found", "症状のみ（原因は未特定）")
            .into(),
        Cause::InstanceStatusFailed => lang
            .pick(
                "instance status check failed",
                "インスタンスステータスチェック失敗",
            )
            .into(),
        Cause::DbInstanceStatus { status } => lang.pick(
            format!("DB instance {}", status.as_str()),
            format!("DBインスタンス {}", status.as_str()),
        ),
        Cause::OsLogErrors => lang.pick("errors in OS logs", "OSログにエラー").into(),
        Cause::ResourceExhausted { resource_class } => lang.pick(
            format!("{} exhausted", class_label(*resource_class, lang)),
            format!("{}の枯渇・逼迫", class_label(*resource_class, lang)),
        ),
        Cause::AbuseReported => lang
            .pick("abuse reported by AWS", "AWSから不正利用の報告")
            .into(),
        Cause::ApplicationLogErrors => lang
            .pick("errors in application logs", "アプリケーションログにエラー")
            .into(),
        Cause::ApplicationErrorMetric => lang
            .pick("application error rate", "アプリケーションのエラー増加")
            .into(),
        Cause::UnhealthyTargets => lang
            .pick(
                "targets failing health checks",
                "ターゲットのヘルスチェック失敗",
            )
            .into(),
        Cause::VpnDown => lang.pick("VPN tunnels down", "VPNトンネルのダウン").into(),
        Cause::DirectConnectDown => lang
            .pick("Direct Connect down", "Direct Connectのダウン")
            .into(),
        Cause::EndpointUnreachable => lang
            .pick("endpoint unreachable", "エンドポイントに到達不可")
            .into(),
        Cause::Recovered => lang.pick("the condition has ended", "状態は解消").into(),
        Cause::InstanceStoppedWithoutCause => lang
            .pick(
                "instance stopped, cause not found",
                "インスタンス停止（原因未特定）",
            )
            .into(),
        Cause::StatusCheckUndetermined => lang
            .pick(
                "status check failed, side not determined",
                "ステータスチェック失敗（原因側は未特定）",
            )
            .into(),
        Cause::MetricStoppedReporting => lang
            .pick("metric stopped reporting", "メトリクスの途絶")
            .into(),
        Cause::NotAFault => lang
            .pick("notification, not a fault", "通知（障害ではない）")
            .into(),
        Cause::Unclassified => lang
            .pick("signal without a rule", "判定ルールのないシグナル")
            .into(),
        Cause::NothingFound => lang.pick("no fault found", "異常は見つからず").into(),
    }
}
