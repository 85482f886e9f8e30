//! Labels in Japanese (日本語).

use super::Japanese;
use crate::config::SupportPlan;
use crate::decision::{Confidence, Scope, Verdict};
use crate::finding::{
    Check, DbStatus, RdsMeaning, ResourceClass, Signal, Step, Symptom, UnavailableReason,
};
use crate::incident::{HealthCategory, HealthStatus};
use crate::responsibility::{Layer, Party};
use crate::words::Labels;
use crate::words::labels::{named_changes, number, utc_minute};

impl Labels for Japanese {
    fn verdict(&self, v: Verdict) -> &'static str {
        match v {
            Verdict::AwsSide => "AWS側の問題",
            Verdict::Instance => "インスタンスの問題（OS・リソース等）",
            Verdict::Application => "アプリケーションの問題",
            Verdict::OutsideAws => "AWS以外の問題",
            Verdict::Watch => "静観（現時点で障害なし）",
            Verdict::Inconclusive => "切り分け未確定",
            Verdict::Recovered => "復旧済み",
        }
    }

    fn party(&self, p: Party) -> &'static str {
        match p {
            Party::Aws => "AWS（AWSサポートへ連絡）",
            Party::Customer => "お客様（ユーザー側）",
            Party::Outside => "AWS外（オンプレミス・回線・通信キャリア）",
            Party::Unknown => "未確定",
        }
    }

    fn layer(&self, l: Layer) -> &'static str {
        match l {
            Layer::Application => "アプリケーション",
            Layer::Data => "データ",
            Layer::Middleware => "ミドルウェア",
            Layer::Os => "OS",
            Layer::Virtualization => "仮想化",
            Layer::Infrastructure => "インフラ",
            Layer::Configuration => "リソース設定",
            Layer::OutsideAws => "AWS外の経路",
            Layer::Unknown => "不明",
        }
    }

    fn scope(&self, s: Scope) -> &'static str {
        match s {
            Scope::OneResource => "単一リソース",
            Scope::PartOfGroup => "グループの一部",
            Scope::AvailabilityZone => "1つのアベイラビリティーゾーン",
            Scope::WholeSystem => "システム全体",
            Scope::RegionOrService => "リージョン／サービス全体",
            Scope::Unknown => "未確定",
        }
    }

    fn confidence(&self, c: Confidence) -> &'static str {
        match c {
            Confidence::High => "高",
            Confidence::Medium => "中",
            Confidence::Low => "低",
        }
    }

    fn step_title(&self, s: Step) -> &'static str {
        match s {
            Step::UserSide => {
                "ステップ1  ユーザー側：インスタンスステータス、OS・リソース、アプリケーションログ"
            }
            Step::AwsSide => {
                "ステップ2  AWS側：システムステータス、スケジュールされたイベント、AWS Health"
            }
            Step::OutsideAws => "ステップ3  AWS以外：VPN、オンプレミス、回線・通信キャリア",
        }
    }

    fn check(&self, c: Check) -> &'static str {
        match c {
            Check::TriggerEvent => "アラーム／イベント本体",
            Check::InstanceStatus => "インスタンスステータスチェック",
            Check::AttachedEbsStatus => "アタッチされたEBSのステータスチェック",
            Check::DbInstanceStatus => "DBインスタンスのステータス",
            Check::ResourceUsage => "リソース状況（CloudWatchメトリクス）",
            Check::OsLogs => "OSログ",
            Check::ApplicationLogs => "アプリケーションログ",
            Check::SiblingResources => "同じグループの他のサーバー",
            Check::RecentChanges => "直近の変更（CloudTrail）",
            Check::ChildAlarms => "複合アラームの子アラーム",
            Check::SystemStatus => "システムステータスチェック",
            Check::ScheduledEvents => "スケジュールされたイベント",
            Check::HealthAccountEvents => "AWS Health（アカウントヘルス）",
            Check::HealthPublicEvents => "AWS Health（サービスヘルス）",
            Check::VpnTunnels => "Site-to-Site VPNトンネル",
            Check::EndpointReachability => "エンドポイントへの到達性",
        }
    }

    fn unavailable(&self, r: UnavailableReason) -> &'static str {
        match r {
            UnavailableReason::NotRun => "未実行（オフライン）",
            UnavailableReason::AccessDenied => "権限不足",
            UnavailableReason::SubscriptionRequired => {
                "ビジネス／エンタープライズ On-Ramp／エンタープライズサポートが必要"
            }
            UnavailableReason::Throttled => "スロットリング",
            UnavailableReason::Timeout => "タイムアウト",
            UnavailableReason::NotConfigured => "未設定",
            UnavailableReason::NoData => "データ不足：アラームのメトリクスが届いていません",
            UnavailableReason::Error => "エラー",
        }
    }

    fn resource_class(&self, c: ResourceClass) -> &'static str {
        match c {
            ResourceClass::Cpu => "CPU",
            ResourceClass::Memory => "メモリ",
            ResourceClass::Disk => "ディスク",
            ResourceClass::Storage => "ストレージ",
            ResourceClass::Connections => "接続数",
            ResourceClass::Network => "ネットワーク",
            ResourceClass::Io => "I/O",
        }
    }

    fn db_status<'a>(&self, s: &'a DbStatus) -> &'a str {
        match s {
            DbStatus::Failed => {
                "failed（失敗）：DBインスタンスのデータ復旧対応が必要です（ポイントインタイムリストア）"
            }
            DbStatus::IncompatibleNetwork => {
                "incompatible-network（互換性のないネットワーク）：DBインスタンスのIPアドレスを取得できません（サブネットの空きIP不足など）"
            }
            DbStatus::StorageFull => {
                "storage-full（ストレージ不足）：ストレージが枯渇しています。DBインスタンスを変更してストレージを拡張してください"
            }
            DbStatus::IncompatibleParameters => {
                "incompatible-parameters：パラメータグループの値ではインスタンスを起動できません"
            }
            DbStatus::IncompatibleRestore => {
                "incompatible-restore：ポイントインタイムリストアを完了できませんでした"
            }
            DbStatus::InaccessibleEncryptionCredentials => {
                "inaccessible-encryption-credentials：KMSキーが無効化または削除されています"
            }
            DbStatus::InaccessibleEncryptionCredentialsRecoverable => {
                "inaccessible-encryption-credentials-recoverable：KMSキーにアクセスできません。7日以内に再有効化してください"
            }
            DbStatus::StorageOptimization => {
                "storage-optimization：ストレージ最適化中（障害ではありません）"
            }
            DbStatus::Other(s) => s,
        }
    }

    fn rds_meaning(&self, m: RdsMeaning) -> &'static str {
        match m {
            RdsMeaning::AwsFault => "マネージドDB側（AWS側）の障害",
            RdsMeaning::CustomerFault => "お客様が設定・運用する部分の障害",
            RdsMeaning::Maintenance => "メンテナンス",
            RdsMeaning::Change => "アカウント内で行われた変更",
            RdsMeaning::Info => "情報",
        }
    }

    fn symptom(&self, s: &Symptom) -> String {
        match s {
            Symptom::SystemStatusImpaired { .. } => "EC2のシステムステータスチェックが失敗（物理ホスト側：ネットワーク接続、電源、ホストのソフトウェア／ハードウェア）".into(),
            Symptom::InstanceStatusImpaired { .. } => "EC2のインスタンスステータスチェックが失敗（ネットワーク・起動設定、メモリ枯渇、ファイルシステム破損、互換性のないカーネル）".into(),
            Symptom::AttachedEbsImpaired { .. } => "アタッチされたEBSのステータスチェックが失敗（ストレージ基盤またはホストからEBSへの経路）".into(),
            Symptom::StatusCheckFailed => "ステータスチェックが失敗（統合メトリクスのため、システム側かインスタンス側かは不明）".into(),
            Symptom::ScheduledEvent { code, not_before, .. } => {
                let when = match not_before {
                    Some(t) => format!("（{} 以降）", utc_minute(t)),
                    None => String::new(),
                };
                format!("AWSのスケジュールされたイベント {code}{when}")
            }
            Symptom::DbStatus { status } => {
                format!("DBインスタンスのステータスが {}", self.db_status(status))
            }
            Symptom::DbFailover { message } => {
                format!("RDSのマルチAZフェイルオーバーが発生：{message}")
            }
            Symptom::ResourcePressure { metric, resource_class, value, threshold } => {
                let figures = match (value, threshold) {
                    (Some(v), Some(t)) => format!("（{}、閾値 {}）", number(*v), number(*t)),
                    (Some(v), None) => format!("（{}）", number(*v)),
                    (None, Some(t)) => format!("（閾値 {}）", number(*t)),
                    (None, None) => String::new(),
                };
                format!("{}が逼迫：{metric}{figures}", self.resource_class(*resource_class))
            }
            Symptom::LogErrors { count, .. } => format!("ログにエラーが{count}件"),
            Symptom::ApplicationErrors { metric } => {
                format!("アプリケーションのエラーメトリクス {metric} がアラーム状態")
            }
            Symptom::UnhealthyTargets { metric } => {
                format!("ロードバランサーのターゲットがヘルスチェックに失敗（{metric}）")
            }
            Symptom::HealthEvent(h) => format!(
                "AWS Health の{}イベント {}（{}）が {}{}",
                self.health_category(&h.category),
                h.type_code,
                h.service,
                self.health_status(&h.status),
                if h.public { "（公開イベント：リージョン内の全利用者が対象）" } else { "（このアカウントが対象）" }
            ),
            Symptom::SecurityRisk { type_code } => format!(
                "このアカウントのセキュリティ上のリスクがAWSから報告されました（{type_code}。公開された場所でのアクセスキー漏えいなど）"
            ),
            Symptom::MetricStoppedReporting { metric } => format!(
                "{metric} のデータが途絶えたためにアラーム状態になりました（欠落データを閾値超過として扱う設定）。値による発報ではありません"
            ),
            Symptom::LoadDropped { metric } => format!(
                "{metric} が閾値を下回りました。負荷が消えた状態で、リソースの枯渇ではありません"
            ),
            Symptom::MixedSignals { expression, metrics } => {
                let expression = if expression.is_empty() { String::new() } else { format!(" {expression}") };
                format!(
                    "メトリクス計算のアラーム{expression}は、異なる原因を示すメトリクスを組み合わせています（{}）",
                    metrics.join("、")
                )
            }
            Symptom::RecentChanges { changes } => {
                let (named, more) = named_changes(changes);
                let list: Vec<String> = named
                    .iter()
                    .map(|c| {
                        let by = c.by.as_deref().unwrap_or("?");
                        let at = utc_minute(&c.at);
                        format!("{}（{}、{by}、{at}）", c.event, c.resource)
                    })
                    .collect();
                let more = if more > 0 { format!(" ほか{more}件") } else { String::new() };
                format!("発生前の数時間に{}件の変更：{}{more}", changes.len(), list.join("；"))
            }
            Symptom::ApproachingLimit { what } => {
                format!("上限に近づいています（まだ障害ではありません）：{what}")
            }
            Symptom::RdsEvent { event_id, meaning, message } => {
                let id = event_id.as_deref().map(|i| format!("{i} ")).unwrap_or_default();
                format!("RDSイベント {id}（{}）：{message}", self.rds_meaning(*meaning))
            }
            Symptom::AbuseReported { type_code } => format!(
                "このリソースからの不正利用がAWSから報告されました（{type_code}）。侵害されている可能性があります"
            ),
            Symptom::VpnTunnelsDown { vpn_id, total: 0, .. } => {
                format!("VPN {vpn_id} のトンネル状態がアラーム（トンネルがダウン）")
            }
            Symptom::VpnTunnelsDown { vpn_id, down, total } => {
                format!("{vpn_id} のVPNトンネル {total} 本中 {down} 本が DOWN")
            }
            Symptom::DirectConnectDown { connection_id } => {
                format!("Direct Connect 接続 {connection_id} がダウン")
            }
            Symptom::EndpointUnreachable { endpoint } => {
                format!("{endpoint} へのTCP接続に応答がありません")
            }
            Symptom::InstanceStopped { state } => format!("インスタンスが {state} 状態"),
            Symptom::SiblingsImpaired { group, impaired, total, stopped, zone } => {
                let stopped = if *stopped > 0 { format!("（停止中 {stopped} 台）") } else { String::new() };
                let zone = zone
                    .as_deref()
                    .map(|z| format!("。異常はすべて {z} にあり、他のゾーンは正常"))
                    .unwrap_or_default();
                format!("{group} のサーバー {total} 台中 {impaired} 台に異常{stopped}{zone}")
            }
            Symptom::Unclassified { signal } => {
                format!("判定ルールのないシグナル：{}", self.signal(signal))
            }
        }
    }

    fn signal(&self, s: &Signal) -> String {
        match s {
            Signal::CompositeAlarm { rule, triggered_by } if triggered_by.is_empty() => {
                format!("複合アラームのルール {rule}")
            }
            Signal::CompositeAlarm { rule, triggered_by } => format!(
                "複合アラームのルール {rule}（発報元：{}）",
                triggered_by.join("、")
            ),
            Signal::Alarm { alarm, metrics } if metrics.is_empty() => {
                format!("アラーム {alarm}（メトリクス不明）")
            }
            Signal::Alarm { alarm, metrics } => {
                format!("アラーム {alarm}（メトリクス：{}）", metrics.join("、"))
            }
            Signal::RdsEvent { event_id, message } => {
                let id = event_id
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default();
                format!("RDS イベント{id}：{message}")
            }
        }
    }

    fn health_category<'a>(&self, c: &'a HealthCategory) -> &'a str {
        match c {
            HealthCategory::Issue => "障害（issue）",
            HealthCategory::AccountNotification => "アカウント通知",
            HealthCategory::ScheduledChange => "予定された変更",
            HealthCategory::Investigation => "調査中",
            HealthCategory::Other(s) => s,
        }
    }

    fn health_status<'a>(&self, s: &'a HealthStatus) -> &'a str {
        match s {
            HealthStatus::Open => "継続中（open）",
            HealthStatus::Closed => "終了（closed）",
            HealthStatus::Upcoming => "予定（upcoming）",
            HealthStatus::Other(s) => s,
        }
    }

    fn plan_name(&self, p: SupportPlan) -> &'static str {
        match p {
            SupportPlan::Basic => "ベーシック",
            SupportPlan::Developer => "デベロッパー",
            SupportPlan::Business => "ビジネス",
            SupportPlan::EnterpriseOnRamp => "エンタープライズ On-Ramp",
            SupportPlan::Enterprise => "エンタープライズ",
        }
    }

    fn default_zone(&self) -> (i32, &'static str) {
        (9 * 3600, "JST")
    }
}
