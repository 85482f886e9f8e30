use super::Japanese;
use crate::words::actions::{Action, ActionWords};
use crate::words::labels::utc_minute;

impl ActionWords for Japanese {
    fn unnamed_target(&self) -> &'static str {
        "対象リソース"
    }

    fn action(&self, action: &Action<'_>) -> String {
        match *action {
            Action::ContactAwsSupport => "下記の下書きを使い、Webから AWS サポートケースを起票（対象リソース、リージョン、タイムゾーン付きの開始時刻、証拠を記載済み）。".into(),
            Action::CheckHealthDashboardBasicPlan => "ベーシックプランでは技術サポートケースを起票できません。AWS Health Dashboardを確認するか、サポートプランをアップグレードして下書きのケースを起票。".into(),
            Action::CheckHealthDashboardNoHealthApi => "AWS Health APIの利用にはビジネス以上のサポートプランが必要です。代わりにコンソールのAWS Health Dashboardを確認。".into(),
            Action::StopStartInstance { target } => format!("{target} がEBS-backedであれば、停止→起動（再起動では不十分）で正常なハードウェアに移す。インスタンスストアのデータは失われます。今後に備えEC2の自動復旧（recover）アラームアクションも検討。"),
            Action::CheckEbsVolumes { target } => format!("{target} のEBSボリュームのステータス（DescribeVolumeStatus）を確認し、I/Oが損なわれていれば最新スナップショットから新しいボリュームへ復元。"),
            Action::StopStartBeforeRetirement { target, not_before } => {
                let on = not_before.map(|t| format!("（{}）", utc_minute(&t))).unwrap_or_default();
                format!("AWSによるホストのリタイア{on}より前に、都合のよい時間帯で {target} を停止→起動（または置き換え）。事前にバックアップやAMIを取得。")
            }
            Action::FollowAwsHealth { public_region } => {
                let service = public_region.map(|region| format!("と {region} のサービスヘルス")).unwrap_or_default();
                format!("AWS Healthイベントの更新を追い（アカウントヘルス{service}）、開始・終了時刻を記録。")
            }
            Action::FollowAwsInvestigation => "AWSが調査中です。AWS Healthイベントと該当リージョンのサービスヘルスを確認し続ける。".into(),
            Action::FailOver => "設計上可能であれば、別のアベイラビリティーゾーンやリージョンの正常なリソースへ切り替える。".into(),
            Action::PlanForMaintenance { not_before } => {
                let when = not_before.as_ref().map(utc_minute).unwrap_or_else(|| "予定時刻".into());
                format!("{when} のメンテナンスに備える。可能なら日程を変更するか、先に対処（停止→起動、フェイルオーバー、メンテナンスウィンドウでの適用）。")
            }
            Action::CopyInstanceStoreData { target } => format!("{target} のインスタンスストアのデータを今すぐ退避（停止すると失われます）。その後、停止→起動または置き換えで正常なハードウェアへ移し、データを戻す。"),
            Action::RestoreVolumeFromSnapshot => "失われたボリュームを最新のスナップショットから新しいボリュームとして復元し、置き換えてアタッチ。スナップショット以降のデータは失われます。スナップショットの定期取得（AWS Backup／Data Lifecycle Manager）を確認。".into(),
            Action::FollowRdsEvents { target } => format!("{target} のRDSイベントを追い、復旧やフェイルオーバーの完了が報告されるまで確認。30分以内に完了しなければイベントIDを添えてケースを起票。"),
            Action::FixRdsConfiguration { target } => format!("下記のRDSイベントのメッセージに {target} で直すべき箇所（IAMロール、ストレージ自動スケーリングの上限、リードレプリカ、ドメイン参加、オプション／パラメータグループなど）が書かれています。修正後、インスタンスが利用可能か確認。"),
            Action::FindWhoChanged { target } => format!("{target} への変更を行った人（下記、またはイベントについてはCloudTrail）に意図した操作かを確認。意図しない変更なら元に戻す（再起動、設定の差し戻し）。"),
            Action::RollBackDeployment => "直前のデプロイ（下記）とエラーの開始時刻を比較し、一致すればロールバック。その後アプリケーションログで最初のエラーを確認。".into(),
            Action::FollowSecurityRunbook => "セキュリティのランブックに従い今すぐ対応：認証情報の漏えいであれば、アクセスキーを無効化してローテーションし、公開場所から削除。漏えい以降の利用（新しいユーザー・ロール・インスタンス、普段使わないリージョン）をCloudTrailで確認。".into(),
            Action::AnswerAwsNotice => "封じ込め後にAWSからの通知へ回答。AWS側の障害ではないため、サポートケースは通知内容への質問に限ります。".into(),
            Action::PlanForNotice => "通知内容（AWS Healthイベント、またはRDSイベントのメッセージ）を確認し、求められている対応があれば期日までに計画（サポート終了前のアップグレードなど）。今すぐの対応は不要です。".into(),
            Action::PlanCapacity { target } => format!("増加の速さを確認したうえで、上限に達する前に {target} の増強を計画（割り当てストレージや自動スケーリング上限の引き上げ、空き領域の確保）。"),
            Action::CheckTrafficStopped { target } => format!("{target} の処理が止まっていないか、またはトラフィックが届かなくなっていないか（上流サービス、DNS、ロードバランサー、クライアント）を確認。プロセスの停止はOS・アプリケーションログに現れます。"),
            Action::FindWhatDrivesLoad { target } => format!("{target} のトラフィックやI/Oを押し上げているもの（アクセス集中、バッチ処理、リトライの連鎖、攻撃）をログやロードバランサーのメトリクスで確認し、大きな範囲から絞り込む。"),
            Action::ReadAlarmMetrics => "CloudWatchコンソールでアラームの計算式に含まれる各メトリクスをグラフ表示し、どれが変化したかを確認してから、そのメトリクスを起点に切り分ける。".into(),
            Action::CheckRdsEvents { target, recovered } => {
                let window = if recovered { "前" } else { "前後" };
                format!("{target} のフェイルオーバー{window}のRDSイベントで原因（メンテナンス、フェイルオーバー付き再起動、ホスト障害）を確認し、アプリケーションがエンドポイント経由で再接続できたか確認。")
            }
            Action::ReadConsoleOutput { target } => format!("{target} のシステムログ（EC2コンソール「システムログを取得」／`aws ec2 get-console-output`）やEC2シリアルコンソールで、メモリ不足、ファイルシステムエラー、カーネルパニック、ネットワーク・起動設定の誤りを確認。"),
            Action::RebootInstance => "原因を記録したうえでインスタンスを再起動。復旧しなければバックアップから復元するか置き換える。".into(),
            Action::ReadOsLogs { target } => format!("下記のOSログ抜粋と、{target} のOSログ全体（CloudWatch Logs、またはホスト上の /var/log や Windows イベントログ）を確認。"),
            Action::RelieveMemory { target } => format!("{target} でメモリを消費しているプロセスを特定（top、ps、システムログのOOM Killer）し再起動。再発するならより大きいインスタンスタイプへ変更。"),
            Action::FreeDisk { target } => format!("{target} のディスク容量を空け（ログ、一時ファイル）、必要に応じてEBSボリュームとファイルシステムを拡張。"),
            Action::ExtendDbStorage { target } => format!("{target} の割り当てストレージを増やし（変更）、ストレージの自動スケーリングを有効化。"),
            Action::ExtendFullDbStorage { target } => format!("{target} を変更して割り当てストレージを拡張し、再発防止のためストレージの自動スケーリングを有効化。"),
            Action::RelieveConnections { target } => format!("{target} への接続元を特定し、コネクションプーリング（RDS Proxy など）を利用するか、インスタンスクラスに応じて max_connections を見直す。"),
            Action::TuneDbWorkload { target } => format!("{target} に負荷をかけているクエリを特定（Performance Insights、スロークエリログ）してチューニングするか、インスタンスクラスを拡張。"),
            Action::RelieveLoad { target } => format!("{target} の負荷要因を特定（top、iostat、アプリケーション）し、スケールアウトまたはスケールアップ。"),
            Action::PointInTimeRestore { target } => format!("{target} をポイントインタイムリストア（またはスナップショットから復元）し、アプリケーションの接続先を切り替える。原因はAWSサポートに確認。"),
            Action::FreeSubnetIps { target } => format!("{target} のDBサブネットグループのサブネットで空きIPアドレスを確保（またはサブネットを追加）してからインスタンスを起動。"),
            Action::FixParameterGroup { target } => format!("{target} のDBパラメータグループの不整合な値（まずメモリ関連）を修正して再起動。"),
            Action::RetryRestore { target } => format!("{target} をより前の時点またはスナップショットから再度復元。"),
            Action::RestoreKmsAccess { target } => format!("{target} のKMSキーを再有効化（またはキーポリシー・グラントを復元）してからインスタンスを起動。復旧できない場合はバックアップから復元。"),
            Action::WatchDbStatus { target } => format!("{target} のステータスが available に戻るまで監視。"),
            Action::ContainCompromise { target } => format!("{target} が侵害された前提で対応：セキュリティグループで通信を制限し、調査用にスナップショットを取得、認証情報をローテーションし、AWSの不正利用レポートに回答。"),
            Action::ReadApplicationLogs => "アプリケーションログ（下記抜粋）で最初のエラーと発生時刻を確認。".into(),
            Action::ReviewRecentChanges => "直近のデプロイや設定変更を確認し、開始時刻と一致すればロールバック。アプリケーションの依存先（データベース、外部API）も確認。".into(),
            Action::CheckTargetHealth => "ターゲットグループのヘルスチェック失敗理由（Target.Timeout、Target.FailedHealthChecks など）を確認し、各ターゲットのインスタンスステータスとアプリケーションのヘルスチェック用エンドポイントを確認。".into(),
            Action::CheckCustomerGateway => "カスタマーゲートウェイ機器を確認：IKE/IPsecのログ、パブリックIPとルーティング、VPN接続の設定との一致。".into(),
            Action::CheckDirectConnect => "自社ルーターとクロスコネクトを確認し、Direct Connectパートナーまたは通信キャリアへ連絡。".into(),
            Action::CheckOnpremAndCarrier => "オンプレミス環境とインターネット回線を確認（別回線からも試す）し、通信キャリアへ問い合わせ。これらはAWS内からは確認できません。".into(),
            Action::ConfirmRecovery => "サービスがエンドツーエンドで動作することを確認し、障害の開始・終了時刻を障害報告用に記録。".into(),
            Action::CheckCloudtrail { target } => format!("CloudTrailで {target} への StopInstances / TerminateInstances（人為的操作や自動化）を、Auto Scalingのアクティビティを、OSログでシャットダウンの有無を確認。"),
            Action::ReadStatusChecks { target } => format!("{target} の「ステータスチェック」タブで、システム側とインスタンス側のどちらが失敗しているか確認。"),
            Action::CheckMetricSource { target } => format!("{target} が稼働しているか、メトリクスの送信元（CloudWatchエージェントなど）が動作しているか確認。"),
            Action::ReadHealthEvent => "AWS Healthイベントの内容を確認し、求められている対応があれば計画する。".into(),
            Action::WidenSearch { region } => format!("{region} のAWS Health Dashboardを確認し、大きな範囲から絞り込む：一部のサーバーか全体か、一部の利用者か全員か。"),
            Action::CheckExternalViews => "外部の情報（SNS、Downdetector、通信キャリアの障害情報）からも影響範囲を推定。".into(),
            Action::ShiftAwayFromZone => "異常のあるサーバーはすべて1つのアベイラビリティーゾーンにあります。トラフィックと処理能力を他のゾーンへ移し（ロードバランサー、Auto Scaling）、AWS Health Dashboardでそのゾーンの情報を確認。".into(),
            Action::AskAwsSupport => "ユーザー側は正常です。下書きを使ってAWSサポートに確認してください。AWS側の障害がすべて公開されるわけではなく、局所的な障害はAWSへの確認が確実です。".into(),
            Action::RunLiveChecks => "ライブチェック（--offline なしの kiriwake、または切り分けステートマシン）を実行し、AWS APIで確認。".into(),
            Action::GrantPermissions => "一部の確認が権限不足で失敗しました。READMEに記載の読み取り権限を切り分け関数に付与。".into(),
            Action::KeepEvidence => "この通知と証拠を障害報告書と運用手順書のために保管。".into(),
        }
    }
}
