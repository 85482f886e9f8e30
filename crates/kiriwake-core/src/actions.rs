//! What to do next, per branch of the flowchart, in the configured language.
//!
//! Each action has a stable `code` for scripts and a sentence for people. The method's
//! guidance shapes them: contact AWS Support (by web, with details) for AWS-side faults;
//! OS logs and resources for instance faults; application logs for application faults;
//! on-premises and the carrier for faults outside AWS; and always keep the evidence.

use serde::{Deserialize, Serialize};

use crate::config::{Config, Lang};
use crate::decision::{Cause, Scope, Verdict};
use crate::finding::{Check, DbStatus, Finding, Outcome, ResourceClass, UnavailableReason};
use crate::incident::{Incident, ResourceKind};

/// One thing to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextAction {
    /// Stable, for scripts and runbooks (`open_support_case`, `read_os_logs`, …).
    pub code: String,
    /// The sentence people read, in the classification's language.
    pub text: String,
}

fn act(code: &str, lang: Lang, en: String, ja: String) -> NextAction {
    NextAction {
        code: code.to_owned(),
        text: lang.pick(en, ja),
    }
}

/// The actions for a verdict: those of its cause, then of every other cause the
/// evidence supports for the same verdict (deduplicated), then the general ones.
/// `ask_aws`: the decision asks AWS about an unpublished fault.
#[allow(clippy::too_many_arguments)]
pub fn next_actions(
    verdict: Verdict,
    causes: &[Cause],
    incident: &Incident,
    findings: &[Finding],
    scope: Scope,
    offline: bool,
    ask_aws: bool,
    config: &Config,
) -> Vec<NextAction> {
    let mut out: Vec<NextAction> = Vec::new();
    for cause in causes {
        for action in cause_actions(cause, incident, config) {
            if !out.iter().any(|a| a.code == action.code) {
                out.push(action);
            }
        }
    }
    general_actions(&mut out, verdict, findings, scope, offline, ask_aws, config);
    out
}

fn cause_actions(cause: &Cause, incident: &Incident, config: &Config) -> Vec<NextAction> {
    let lang = config.lang;
    let target = incident
        .primary_resource()
        .map(|r| r.id.clone())
        .unwrap_or_else(|| lang.pick("the resource", "対象リソース").into());
    let region = incident.region.clone().unwrap_or_else(|| "?".into());
    let is_rds = incident.primary_resource().is_some_and(|r| {
        matches!(
            r.kind,
            ResourceKind::RdsDbInstance | ResourceKind::RdsDbCluster
        )
    });
    let mut out = Vec::new();

    match cause {
        Cause::HostFailure => {
            out.push(support_action(config));
            out.push(act("stop_start_instance", lang,
                format!("If {target} is EBS-backed, stop and start it (a reboot is not enough) to move it to healthy hardware; instance-store data is lost. Consider the EC2 `recover` alarm action for next time."),
                format!("{target} がEBS-backedであれば、停止→起動（再起動では不十分）で正常なハードウェアに移す。インスタンスストアのデータは失われます。今後に備えEC2の自動復旧（recover）アラームアクションも検討。")));
        }
        Cause::EbsStorageFailure => {
            out.push(support_action(config));
            out.push(act("check_ebs_volumes", lang,
                format!("Check the volume status of {target}'s EBS volumes (DescribeVolumeStatus); if I/O is impaired, restore from the latest snapshot to a new volume."),
                format!("{target} のEBSボリュームのステータス（DescribeVolumeStatus）を確認し、I/Oが損なわれていれば最新スナップショットから新しいボリュームへ復元。")));
        }
        Cause::DegradedHardware { not_before, .. } => {
            let by = not_before.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string());
            out.push(act("stop_start_before_retirement", lang,
                format!("Stop and start {target} (or replace it) before AWS retires the host{}, at a time you choose; take a backup or AMI first.", by.as_deref().map(|b| format!(" on {b}")).unwrap_or_default()),
                format!("AWSによるホストのリタイア{}より前に、都合のよい時間帯で {target} を停止→起動（または置き換え）。事前にバックアップやAMIを取得。", by.as_deref().map(|b| format!("（{b}）")).unwrap_or_default())));
            out.push(support_action(config));
        }
        Cause::AwsServiceIssue { public, .. } => {
            out.push(act("follow_aws_health", lang,
                format!("Follow the AWS Health event for updates (account health{}) and record when it started and ended.", if *public { format!(" and service health for {region}") } else { String::new() }),
                format!("AWS Healthイベントの更新を追い（アカウントヘルス{}）、開始・終了時刻を記録。", if *public { format!("と {region} のサービスヘルス") } else { String::new() })));
            out.push(act("fail_over", lang,
                "Shift traffic to healthy resources in another Availability Zone or Region if the design allows.".into(),
                "設計上可能であれば、別のアベイラビリティーゾーンやリージョンの正常なリソースへ切り替える。".into()));
            out.push(support_action(config));
        }
        Cause::AwsInvestigation { .. } => {
            out.push(act("follow_aws_health", lang,
                "AWS is investigating: follow the AWS Health event and the service health dashboard for the region.".into(),
                "AWSが調査中です。AWS Healthイベントと該当リージョンのサービスヘルスを確認し続ける。".into()));
            out.push(support_action(config));
        }
        Cause::ScheduledMaintenance { not_before, .. } => {
            let when = not_before.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| lang.pick("the scheduled time", "予定時刻").into());
            out.push(act("plan_for_maintenance", lang,
                format!("Plan for the maintenance at {when}: reschedule it if AWS allows, or act first (stop/start, failover, apply pending maintenance in your window)."),
                format!("{when} のメンテナンスに備える。可能なら日程を変更するか、先に対処（停止→起動、フェイルオーバー、メンテナンスウィンドウでの適用）。")));
        }
        Cause::InstanceStoreDegraded => {
            out.push(act("copy_instance_store_data", lang,
                format!("Copy the data off {target}'s instance-store volumes now (they do not survive a stop), then stop and start or replace the instance to move it to healthy hardware, and restore the data there."),
                format!("{target} のインスタンスストアのデータを今すぐ退避（停止すると失われます）。その後、停止→起動または置き換えで正常なハードウェアへ移し、データを戻す。")));
            out.push(support_action(config));
        }
        Cause::EbsVolumeLost => {
            out.push(act("restore_volume_from_snapshot", lang,
                "Restore the lost volume from its latest snapshot to a new volume and attach it in its place; data written after that snapshot is lost. Make sure snapshots are scheduled (AWS Backup or Data Lifecycle Manager).".into(),
                "失われたボリュームを最新のスナップショットから新しいボリュームとして復元し、置き換えてアタッチ。スナップショット以降のデータは失われます。スナップショットの定期取得（AWS Backup／Data Lifecycle Manager）を確認。".into()));
            out.push(support_action(config));
        }
        Cause::RdsAwsFault { .. } => {
            out.push(act("follow_rds_events", lang,
                format!("Follow {target}'s RDS events until RDS reports the recovery or failover complete; if it has not within 30 minutes, open a case with the event IDs."),
                format!("{target} のRDSイベントを追い、復旧やフェイルオーバーの完了が報告されるまで確認。30分以内に完了しなければイベントIDを添えてケースを起票。")));
            out.push(support_action(config));
        }
        Cause::RdsCustomerFault { .. } => out.push(act("fix_rds_configuration", lang,
            format!("Read the RDS event's message below: it names what to fix on {target} (an IAM role, storage autoscaling's maximum, a replica, a domain join, an option or parameter group); then confirm the instance is available."),
            format!("下記のRDSイベントのメッセージに {target} で直すべき箇所（IAMロール、ストレージ自動スケーリングの上限、リードレプリカ、ドメイン参加、オプション／パラメータグループなど）が書かれています。修正後、インスタンスが利用可能か確認。"))),
        Cause::ChangeMade => out.push(act("find_who_changed", lang,
            format!("Ask whoever made the change to {target} (listed below, or in CloudTrail for the event) whether it was intended; if not, undo it (start it again, revert the change)."),
            format!("{target} への変更を行った人（下記、またはイベントについてはCloudTrail）に意図した操作かを確認。意図しない変更なら元に戻す（再起動、設定の差し戻し）。"))),
        Cause::RecentDeployment => out.push(act("roll_back_deployment", lang,
            "Compare the deployment shortly before (below) with when the errors began; if they line up, roll it back, then read the application logs for the first error.".into(),
            "直前のデプロイ（下記）とエラーの開始時刻を比較し、一致すればロールバック。その後アプリケーションログで最初のエラーを確認。".into())),
        Cause::SecurityRisk { .. } => {
            out.push(act("follow_security_runbook", lang,
                "Follow your security runbook now: for exposed credentials, deactivate and rotate the access key, remove it from where it was published, and review CloudTrail for its use since exposure (new users, roles, instances, unusual regions).".into(),
                "セキュリティのランブックに従い今すぐ対応：認証情報の漏えいであれば、アクセスキーを無効化してローテーションし、公開場所から削除。漏えい以降の利用（新しいユーザー・ロール・インスタンス、普段使わないリージョン）をCloudTrailで確認。".into()));
            out.push(act("answer_aws_notice", lang,
                "Reply to the AWS notice once contained. This is not an AWS fault: a support case is for questions about the notice only.".into(),
                "封じ込め後にAWSからの通知へ回答。AWS側の障害ではないため、サポートケースは通知内容への質問に限ります。".into()));
        }
        Cause::Notice { .. } => out.push(act("plan_for_notice", lang,
            "Read the notice (the AWS Health event, or the RDS event's message) and plan what it asks, if anything, by its date (for example an upgrade before the end of support); nothing is needed tonight.".into(),
            "通知内容（AWS Healthイベント、またはRDSイベントのメッセージ）を確認し、求められている対応があれば期日までに計画（サポート終了前のアップグレードなど）。今すぐの対応は不要です。".into())),
        Cause::ApproachingLimit => out.push(act("plan_capacity", lang,
            format!("Plan the increase for {target} before the limit is reached (raise the allocated storage or its autoscaling maximum, or free space), after checking how fast it grows."),
            format!("増加の速さを確認したうえで、上限に達する前に {target} の増強を計画（割り当てストレージや自動スケーリング上限の引き上げ、空き領域の確保）。"))),
        Cause::LoadDropped => out.push(act("check_traffic_stopped", lang,
            format!("Check whether {target}'s workload stopped or its traffic no longer arrives (upstream services, DNS, the load balancer, clients); a stopped process shows in the OS and application logs."),
            format!("{target} の処理が止まっていないか、またはトラフィックが届かなくなっていないか（上流サービス、DNS、ロードバランサー、クライアント）を確認。プロセスの停止はOS・アプリケーションログに現れます。"))),
        Cause::SymptomWithoutCause => out.push(act("find_what_drives_load", lang,
            format!("Find what drives {target}'s traffic or I/O (a traffic surge, a batch job, a retry storm, an attack) in its logs and the load balancer's metrics, then narrow down from the widest range."),
            format!("{target} のトラフィックやI/Oを押し上げているもの（アクセス集中、バッチ処理、リトライの連鎖、攻撃）をログやロードバランサーのメトリクスで確認し、大きな範囲から絞り込む。"))),
        Cause::MixedSignals => out.push(act("read_alarm_metrics", lang,
            "Graph each metric of the alarm's expression in the CloudWatch console to see which one moved, then isolate from that one.".into(),
            "CloudWatchコンソールでアラームの計算式に含まれる各メトリクスをグラフ表示し、どれが変化したかを確認してから、そのメトリクスを起点に切り分ける。".into())),
        Cause::DbFailover => {
            out.push(act("check_rds_events", lang,
                format!("Read the RDS events of {target} around the failover for its cause (maintenance, reboot with failover, host failure) and confirm the application reconnected through the endpoint."),
                format!("{target} のフェイルオーバー前後のRDSイベントで原因（メンテナンス、フェイルオーバー付き再起動、ホスト障害）を確認し、アプリケーションがエンドポイント経由で再接続できたか確認。")));
            out.push(support_action(config));
        }
        Cause::InstanceStatusFailed => {
            out.push(act("read_console_output", lang,
                format!("Read {target}'s system log (EC2 console: Get system log / `aws ec2 get-console-output`) or use the EC2 serial console for out-of-memory kills, file system errors, kernel panics and network or startup misconfiguration."),
                format!("{target} のシステムログ（EC2コンソール「システムログを取得」／`aws ec2 get-console-output`）やEC2シリアルコンソールで、メモリ不足、ファイルシステムエラー、カーネルパニック、ネットワーク・起動設定の誤りを確認。")));
            out.push(act("reboot_instance", lang,
                "Reboot the instance once the cause is noted; if it does not come back, restore from a backup or replace it.".into(),
                "原因を記録したうえでインスタンスを再起動。復旧しなければバックアップから復元するか置き換える。".into()));
        }
        Cause::OsLogErrors => out.push(act("read_os_logs", lang,
            format!("Read the OS log excerpts below and the full OS logs of {target} (CloudWatch Logs, or /var/log and the Windows event log on the host)."),
            format!("下記のOSログ抜粋と、{target} のOSログ全体（CloudWatch Logs、またはホスト上の /var/log や Windows イベントログ）を確認。"))),
        Cause::ResourceExhausted { resource_class } => out.push(resource_action(*resource_class, is_rds, &target, lang)),
        Cause::DbInstanceStatus { status } => out.push(db_action(status, &target, lang)),
        Cause::AbuseReported => out.push(act("contain_compromise", lang,
            format!("Treat {target} as compromised: restrict its security group, snapshot it for forensics, rotate its credentials, and answer the AWS abuse report."),
            format!("{target} が侵害された前提で対応：セキュリティグループで通信を制限し、調査用にスナップショットを取得、認証情報をローテーションし、AWSの不正利用レポートに回答。"))),
        Cause::ApplicationLogErrors | Cause::ApplicationErrorMetric => {
            out.push(act("read_application_logs", lang,
                "Read the application logs (excerpts below) for the first error and its time.".into(),
                "アプリケーションログ（下記抜粋）で最初のエラーと発生時刻を確認。".into()));
            out.push(act("review_recent_changes", lang,
                "Check recent deployments and configuration changes; roll back if one lines up with the start time. Check the application's dependencies (database, external APIs).".into(),
                "直近のデプロイや設定変更を確認し、開始時刻と一致すればロールバック。アプリケーションの依存先（データベース、外部API）も確認。".into()));
        }
        Cause::UnhealthyTargets => out.push(act("check_target_health", lang,
            "Read the target group's health reasons (e.g. Target.Timeout, Target.FailedHealthChecks), then each target's instance status and the application's health endpoint.".into(),
            "ターゲットグループのヘルスチェック失敗理由（Target.Timeout、Target.FailedHealthChecks など）を確認し、各ターゲットのインスタンスステータスとアプリケーションのヘルスチェック用エンドポイントを確認。".into())),
        Cause::VpnDown => {
            out.push(act("check_customer_gateway", lang,
                "Check the customer gateway device: IKE/IPsec logs, its public IP and routing, and that its configuration matches the VPN connection.".into(),
                "カスタマーゲートウェイ機器を確認：IKE/IPsecのログ、パブリックIPとルーティング、VPN接続の設定との一致。".into()));
            out.push(carrier_action(lang));
        }
        Cause::DirectConnectDown => {
            out.push(act("check_direct_connect", lang,
                "Check your router and the cross-connect, then contact your Direct Connect partner or carrier.".into(),
                "自社ルーターとクロスコネクトを確認し、Direct Connectパートナーまたは通信キャリアへ連絡。".into()));
            out.push(carrier_action(lang));
        }
        Cause::EndpointUnreachable => out.push(carrier_action(lang)),
        Cause::Recovered => {
            out.push(act("confirm_recovery", lang,
                "Confirm the service works end to end, and note when the fault started and ended for the incident report.".into(),
                "サービスがエンドツーエンドで動作することを確認し、障害の開始・終了時刻を障害報告用に記録。".into()));
            // A failover completed: the database is back, but why did it fail over?
            if matches!(&incident.trigger, crate::incident::Trigger::RdsEvent(r) if r.message.to_ascii_lowercase().contains("failover")) {
                out.push(act("check_rds_events", lang,
                    format!("Read the RDS events of {target} before the failover for its cause (maintenance, reboot with failover, host failure) and confirm the application reconnected through the endpoint."),
                    format!("{target} のフェイルオーバー前のRDSイベントで原因（メンテナンス、フェイルオーバー付き再起動、ホスト障害）を確認し、アプリケーションがエンドポイント経由で再接続できたか確認。")));
            }
        }
        Cause::InstanceStoppedWithoutCause => out.push(act("check_cloudtrail", lang,
            format!("Look in CloudTrail for StopInstances or TerminateInstances on {target} (a person or automation), in Auto Scaling activity, and in the OS logs for a shutdown."),
            format!("CloudTrailで {target} への StopInstances / TerminateInstances（人為的操作や自動化）を、Auto Scalingのアクティビティを、OSログでシャットダウンの有無を確認。"))),
        Cause::StatusCheckUndetermined => out.push(act("read_status_checks", lang,
            format!("Open {target}'s Status checks tab to see whether the system or the instance check failed."),
            format!("{target} の「ステータスチェック」タブで、システム側とインスタンス側のどちらが失敗しているか確認。"))),
        Cause::MetricStoppedReporting => out.push(act("check_metric_source", lang,
            format!("Check that {target} is running and that whatever publishes the metric (e.g. the CloudWatch agent) is alive."),
            format!("{target} が稼働しているか、メトリクスの送信元（CloudWatchエージェントなど）が動作しているか確認。"))),
        Cause::NotAFault => out.push(act("read_health_event", lang,
            "Read the AWS Health event and plan any action it asks for.".into(),
            "AWS Healthイベントの内容を確認し、求められている対応があれば計画する。".into())),
        Cause::Unclassified | Cause::NothingFound => out.push(act("widen_search", lang,
            format!("Check the AWS Health Dashboard for {region}, then narrow down from the widest range: some servers or all, some users or all."),
            format!("{region} のAWS Health Dashboardを確認し、大きな範囲から絞り込む：一部のサーバーか全体か、一部の利用者か全員か。"))),
    }

    out
}

#[allow(clippy::too_many_arguments)]
fn general_actions(
    out: &mut Vec<NextAction>,
    verdict: Verdict,
    findings: &[Finding],
    scope: Scope,
    offline: bool,
    ask_aws: bool,
    config: &Config,
) {
    let lang = config.lang;
    if matches!(verdict, Verdict::AwsSide | Verdict::OutsideAws)
        && matches!(
            scope,
            Scope::WholeSystem | Scope::RegionOrService | Scope::Unknown
        )
    {
        out.push(act("check_external_views", lang,
            "Estimate how far it reaches from outside views too (social media, Downdetector, the carrier's status page).".into(),
            "外部の情報（SNS、Downdetector、通信キャリアの障害情報）からも影響範囲を推定。".into()));
    }
    if scope == Scope::AvailabilityZone && !matches!(verdict, Verdict::Watch | Verdict::Recovered) {
        out.push(act("shift_away_from_zone", lang,
            "Every impaired server of the group is in one Availability Zone: shift traffic and capacity to the other zones (load balancer, Auto Scaling), and look for that zone on the AWS Health Dashboard.".into(),
            "異常のあるサーバーはすべて1つのアベイラビリティーゾーンにあります。トラフィックと処理能力を他のゾーンへ移し（ロードバランサー、Auto Scaling）、AWS Health Dashboardでそのゾーンの情報を確認。".into()));
    }
    if verdict == Verdict::Inconclusive && ask_aws {
        out.push(act("ask_aws_support", lang,
            "Your side checks out healthy: ask AWS Support with the draft below. Not every AWS-side fault is published; local ones are best confirmed with AWS.".into(),
            "ユーザー側は正常です。下書きを使ってAWSサポートに確認してください。AWS側の障害がすべて公開されるわけではなく、局所的な障害はAWSへの確認が確実です。".into()));
    }
    if offline && !matches!(verdict, Verdict::Recovered | Verdict::Watch) {
        out.push(act("run_live_checks", lang,
            "Run the live checks (kiriwake without --offline, or the isolation state machine) to confirm this from the AWS APIs.".into(),
            "ライブチェック（--offline なしの kiriwake、または切り分けステートマシン）を実行し、AWS APIで確認。".into()));
    } else if findings.iter().any(|f| {
        matches!(
            f.outcome,
            Outcome::Unavailable {
                reason: UnavailableReason::AccessDenied,
                ..
            }
        )
    }) {
        out.push(act("grant_permissions", lang,
            "Some checks were denied: grant the isolation functions the read permissions listed in the README.".into(),
            "一部の確認が権限不足で失敗しました。READMEに記載の読み取り権限を切り分け関数に付与。".into()));
    }
    if findings.iter().any(|f| {
        f.check == Check::HealthAccountEvents
            && matches!(
                f.outcome,
                Outcome::Unavailable {
                    reason: UnavailableReason::SubscriptionRequired,
                    ..
                }
            )
    }) {
        out.push(act("check_health_dashboard", lang,
            "The AWS Health API needs Business support or higher: check the AWS Health Dashboard in the console instead.".into(),
            "AWS Health APIの利用にはビジネス以上のサポートプランが必要です。代わりにコンソールのAWS Health Dashboardを確認。".into()));
    }
    out.push(act(
        "keep_evidence",
        lang,
        "Keep this notification and its evidence for the incident report and the runbook.".into(),
        "この通知と証拠を障害報告書と運用手順書のために保管。".into(),
    ));
}

fn support_action(config: &Config) -> NextAction {
    let lang = config.lang;
    if config.support_plan == crate::config::SupportPlan::Basic {
        return act("check_health_dashboard", lang,
            "The Basic plan cannot open technical support cases: watch the AWS Health Dashboard, or upgrade the support plan to open the drafted case.".into(),
            "ベーシックプランでは技術サポートケースを起票できません。AWS Health Dashboardを確認するか、サポートプランをアップグレードして下書きのケースを起票。".into());
    }
    act("contact_aws_support", lang,
        "Open an AWS Support case on the web with the draft below: it states the resources, region, start time with time zone and the evidence.".into(),
        "下記の下書きを使い、Webから AWS サポートケースを起票（対象リソース、リージョン、タイムゾーン付きの開始時刻、証拠を記載済み）。".into())
}

fn carrier_action(lang: Lang) -> NextAction {
    act("check_onprem_and_carrier", lang,
        "Check the on-premises side and the internet line (try from another network), and contact the carrier; kiriwake cannot see them from inside AWS.".into(),
        "オンプレミス環境とインターネット回線を確認（別回線からも試す）し、通信キャリアへ問い合わせ。これらはAWS内からは確認できません。".into())
}

fn resource_action(class: ResourceClass, rds: bool, target: &str, lang: Lang) -> NextAction {
    match (class, rds) {
        (ResourceClass::Memory, false) => act(
            "relieve_memory",
            lang,
            format!(
                "Find the process holding memory on {target} (top, ps, the OOM killer in the system log), restart it, and move to a larger instance type if it recurs."
            ),
            format!(
                "{target} でメモリを消費しているプロセスを特定（top、ps、システムログのOOM Killer）し再起動。再発するならより大きいインスタンスタイプへ変更。"
            ),
        ),
        (ResourceClass::Disk | ResourceClass::Storage, false) => act(
            "free_disk",
            lang,
            format!(
                "Free disk space on {target} (logs, temporary files) and extend the EBS volume and file system if needed."
            ),
            format!(
                "{target} のディスク容量を空け（ログ、一時ファイル）、必要に応じてEBSボリュームとファイルシステムを拡張。"
            ),
        ),
        (ResourceClass::Storage | ResourceClass::Disk, true) => act(
            "extend_db_storage",
            lang,
            format!(
                "Increase the allocated storage of {target} (Modify) and enable storage autoscaling."
            ),
            format!(
                "{target} の割り当てストレージを増やし（変更）、ストレージの自動スケーリングを有効化。"
            ),
        ),
        (ResourceClass::Connections, _) => act(
            "relieve_connections",
            lang,
            format!(
                "Find what opened the connections to {target}; use connection pooling (e.g. RDS Proxy) or raise max_connections with the instance class."
            ),
            format!(
                "{target} への接続元を特定し、コネクションプーリング（RDS Proxy など）を利用するか、インスタンスクラスに応じて max_connections を見直す。"
            ),
        ),
        (_, true) => act(
            "tune_db_workload",
            lang,
            format!(
                "Find the queries loading {target} (Performance Insights, slow query log) and tune them, or scale the instance class."
            ),
            format!(
                "{target} に負荷をかけているクエリを特定（Performance Insights、スロークエリログ）してチューニングするか、インスタンスクラスを拡張。"
            ),
        ),
        (_, false) => act(
            "relieve_load",
            lang,
            format!(
                "Find what is loading {target} (top, iostat, the application), then scale out or up."
            ),
            format!(
                "{target} の負荷要因を特定（top、iostat、アプリケーション）し、スケールアウトまたはスケールアップ。"
            ),
        ),
    }
}

fn db_action(status: &DbStatus, target: &str, lang: Lang) -> NextAction {
    match status {
        DbStatus::Failed => act(
            "point_in_time_restore",
            lang,
            format!(
                "Restore {target} to a point in time (or from a snapshot) and repoint the application; ask AWS Support for the cause."
            ),
            format!(
                "{target} をポイントインタイムリストア（またはスナップショットから復元）し、アプリケーションの接続先を切り替える。原因はAWSサポートに確認。"
            ),
        ),
        DbStatus::IncompatibleNetwork => act(
            "free_subnet_ips",
            lang,
            format!(
                "Free IP addresses in the subnets of {target}'s DB subnet group (or add subnets), then start the instance."
            ),
            format!(
                "{target} のDBサブネットグループのサブネットで空きIPアドレスを確保（またはサブネットを追加）してからインスタンスを起動。"
            ),
        ),
        DbStatus::StorageFull => act(
            "extend_db_storage",
            lang,
            format!(
                "Modify {target} to increase its allocated storage, and enable storage autoscaling so it does not fill again."
            ),
            format!(
                "{target} を変更して割り当てストレージを拡張し、再発防止のためストレージの自動スケーリングを有効化。"
            ),
        ),
        DbStatus::IncompatibleParameters => act(
            "fix_parameter_group",
            lang,
            format!(
                "Correct the incompatible values in {target}'s DB parameter group (memory-related ones first), then reboot it."
            ),
            format!(
                "{target} のDBパラメータグループの不整合な値（まずメモリ関連）を修正して再起動。"
            ),
        ),
        DbStatus::IncompatibleRestore => act(
            "retry_restore",
            lang,
            format!("Restore {target} again to an earlier time or from a snapshot."),
            format!("{target} をより前の時点またはスナップショットから再度復元。"),
        ),
        DbStatus::InaccessibleEncryptionCredentials
        | DbStatus::InaccessibleEncryptionCredentialsRecoverable => act(
            "restore_kms_access",
            lang,
            format!(
                "Re-enable the KMS key of {target} (or restore its key policy and grants), then start the instance; an unrecoverable key means restoring from a backup."
            ),
            format!(
                "{target} のKMSキーを再有効化（またはキーポリシー・グラントを復元）してからインスタンスを起動。復旧できない場合はバックアップから復元。"
            ),
        ),
        DbStatus::StorageOptimization | DbStatus::Other(_) => act(
            "watch_db_status",
            lang,
            format!("Watch {target}'s status until it returns to available."),
            format!("{target} のステータスが available に戻るまで監視。"),
        ),
    }
}
