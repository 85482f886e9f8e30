use super::Japanese;
use crate::decision::Cause;
use crate::incident::{FreeText, IntakeNote};
use crate::words::{Labels, Reason, ReasonWords, Target};

impl ReasonWords for Japanese {
    fn reason(&self, reason: Reason) -> &'static str {
        match reason {
            Reason::AwsServiceFirst => {
                "AWS側の証拠を最優先で判断：AWS Healthがサービス自体の問題を報告しているため、その間のユーザー側のエラーやアラームはその結果である可能性があります。"
            }
            Reason::RdsManagedFirst => {
                "AWS側の証拠を最優先で判断：RDSがAWSの管理する層のイベントを報告しているため、その間のアプリケーションの接続エラーはその結果である可能性があります。"
            }
            Reason::DegradedHardwareFirst => {
                "AWS側の証拠を最優先で判断：AWSがインスタンスの下のハードウェアの劣化を報告しています（リタイアやメンテナンスが予定されます）。インスタンス上の障害はその結果である可能性があります。"
            }
            Reason::StorageFirst => {
                "AWS側の証拠を最優先で判断：インスタンスの下のストレージが故障しているため、インスタンス上のI/Oエラーや停止はその結果である可能性があります。"
            }
            Reason::SystemStatusFirst => {
                "AWS側の証拠を最優先で判断：システムステータスチェックが失敗するとインスタンスステータスチェックも失敗するため、ユーザー側の症状はその結果である可能性があります。"
            }
            Reason::FailoverAlone => {
                "フェイルオーバーだけではAWS側の障害と断定できません（フェイルオーバー付き再起動やメンテナンスでも発生）。確度は限定的です。"
            }
            Reason::ChangeShortlyBefore => {
                "障害直前に行われた変更が最も有力な原因です（ハードウェア、ソフトウェアと並ぶ、人為的ミスによる原因）。"
            }
            Reason::SystemStatusNormal => {
                "システムステータスチェックは正常のため、AWSのホストは原因ではありません。"
            }
            Reason::InstanceStatusNormal => {
                "インスタンスステータスは正常のため、次はアプリケーションログの確認です（切り分け手順どおり）。"
            }
            Reason::OutsideAws => {
                "AWS側・ユーザー側に原因が見当たらず、AWS外の経路に異常があります。お客様の回線や通信キャリアの状態はAWS内からは確認できません。"
            }
            Reason::Watch => {
                "現時点で障害はありません。今すぐの対応ではなく、期日までの計画が必要な通知です（静観）。"
            }
            Reason::Recovered => {
                "トリガーは状態の終了を示しており、現時点でどの確認でも異常は見つかっていません。"
            }
            Reason::InstanceStoppedWithoutCause => {
                "AWS側の原因が見当たらないままインスタンスが停止しました。人為的な操作、自動化、またはOSによる停止の可能性があります。"
            }
            Reason::InstanceTerminatedWithoutCause => {
                "AWS側の原因が見当たらないまま、インスタンスが終了（削除）されました。人手による操作、Auto Scaling などの自動化、スポットインスタンスの中断（AWSによるキャパシティの回収）、またはシャットダウン動作が「終了」のインスタンスでのOSからのシャットダウンが考えられます。終了したインスタンスは再起動できず、インスタンスストアのデータと「終了時に削除」が有効なEBSボリューム（ルートボリュームは既定で有効）は失われています。代替インスタンスでサービスを継続してください。"
            }
            Reason::StatusCheckUndetermined => {
                "統合ステータスチェックでは、システム側とインスタンス側のどちらの失敗かを区別できません。"
            }
            Reason::MetricStoppedReporting => {
                "アラームのメトリクスが途絶えています。リソースが停止しているか、エージェントが停止している可能性があります。"
            }
            Reason::LoadDropped => {
                "アラームのメトリクスが閾値を下回りました。処理が来なくなった原因はまだどの確認でも特定できていません。"
            }
            Reason::MixedSignals => {
                "メトリクス計算のアラームは異なる原因を示すメトリクスを組み合わせており、どの確認でも原因を特定できませんでした。"
            }
            Reason::SymptomWithoutCause => {
                "アラームは処理量（スループット、I/O）の増加を示しており、これは症状です。どの確認でも原因は見つかりませんでした。"
            }
            Reason::NotAFault => {
                "このAWS Healthイベントは通知であり、現在リソースに影響している障害ではありません。"
            }
            Reason::Unclassified => {
                "このシグナルに対応する判定ルールがないため、人による判断が必要です。"
            }
            Reason::NoCheckFoundFault => "どの確認でも異常は見つかりませんでした。",
            Reason::NoEvidenceYet => {
                "トリガーは障害を示しておらず、ライブチェックも実行されていないため、まだ判断材料がありません。"
            }
        }
    }

    fn ignored_setting(&self, name: &str, value: &str, expected: &str) -> String {
        format!(
            "設定 {name}={value:?} は無効なため無視し、既定値を使いました（期待される値: {expected}）。"
        )
    }

    fn dedupe_unavailable(&self, error: &str) -> String {
        format!(
            "インシデントストアにこのトリガーを記録できませんでした（{error}）。同じアラームやイベントがすでに通知されていれば、この通知はその重複です。"
        )
    }

    fn store_unavailable(&self, error: &str) -> String {
        format!(
            "インシデントストアでこのトリガーをインシデントにまとめられませんでした（{error}）。この通知は単独のもので、同じ障害の別の通知が続く場合があります。"
        )
    }

    fn intake_fallback(&self, note: &IntakeNote) -> Option<String> {
        Some(match note {
            IntakeNote::NotJson { field, error } => {
                format!("{field} がJSONではないため無視しました（{error}）")
            }
            IntakeNote::NotATimestamp { field, raw } => {
                format!("{field} がAWSの使うタイムスタンプではないため無視しました（{raw:?}）")
            }
            IntakeNote::NoConfiguration { field } => {
                format!("{field} がないため、アラームのメトリクスは不明です")
            }
            IntakeNote::NoStatusCode => {
                "detail.statusCode がありません（古いAWS Healthイベント）。継続中として扱いました"
                    .into()
            }
            IntakeNote::NoScopeCode => {
                "detail.eventScopeCode がないため、影響範囲を affectedEntities から推定しました"
                    .into()
            }
            IntakeNote::NoTime => {
                "イベントに使用できる `time` がないため、配信時刻を使いました".into()
            }
            IntakeNote::StartInTheFuture { began, delivered } => format!(
                "イベントの開始時刻 {} が配信時刻（{}）より後のため、配信時刻を使いました",
                began.to_rfc3339(),
                delivered.to_rfc3339()
            ),
            IntakeNote::ResourcesCut { named, kept } => format!(
                "トリガーが {named} 件のリソースを含むため、先頭 {kept} 件を保持し、残り {} 件は件数のみ数えました",
                named.saturating_sub(*kept)
            ),
            IntakeNote::EntitiesCut { named, kept } => format!(
                "AWS Healthイベントが {named} 件の影響エンティティを含むため、先頭 {kept} 件を保持し、残り {} 件は件数のみ数えました",
                named.saturating_sub(*kept)
            ),
            IntakeNote::TextCut { text, chars, kept } => {
                let what = match text {
                    FreeText::AlarmDescription => "アラームの説明",
                    FreeText::AlarmReason => "アラームの状態理由",
                    FreeText::HealthDescription => "AWS Healthイベントの説明",
                    FreeText::RdsMessage => "RDSイベントのメッセージ",
                    FreeText::RequestNote => "依頼のメモ",
                    FreeText::Unknown => return None,
                };
                format!("{what}が {chars} 文字あるため、先頭 {kept} 文字を保持しました")
            }
            IntakeNote::Unknown => return None,
        })
    }

    fn intake_note(&self, note: &str) -> String {
        format!("受付時の注記：{note}。")
    }

    fn checks_unavailable(&self, checks: usize) -> String {
        format!(
            "{checks}件の確認が実行できませんでした。判定は得られた情報のみに基づきます（「確認できなかった項目」参照）。"
        )
    }

    fn headline(&self, verdict: &str, cause: &str, target: &str) -> String {
        format!("{verdict}：{cause} — {target}")
    }

    fn target(&self, target: Target<'_>) -> String {
        match target {
            Target::Alarm { name, region } => format!("アラーム {name}（{region}）"),
            Target::Service { service, region } => format!("{service} ({region})"),
            Target::Region(region) => region.to_owned(),
            Target::One { id, region } => format!("{id} ({region})"),
            Target::Several {
                first,
                more,
                region,
            } => format!("{first} ほか{more}件（{region}）"),
        }
    }

    fn cause(&self, cause: &Cause) -> String {
        match cause {
            Cause::HostFailure => "システムステータスチェック失敗".into(),
            Cause::EbsStorageFailure => "EBSステータスチェック失敗".into(),
            Cause::DegradedHardware { .. } => "ホストのハードウェア劣化（リタイア予定）".into(),
            Cause::AwsServiceIssue { type_code, .. } => format!("AWSサービス障害 {type_code}"),
            Cause::AwsInvestigation { type_code } => format!("AWSが調査中 {type_code}"),
            Cause::ScheduledMaintenance { type_code, .. } => {
                format!("予定メンテナンス {type_code}")
            }
            Cause::DbFailover => "RDSマルチAZフェイルオーバー".into(),
            Cause::InstanceStoreDegraded => "インスタンスストアのドライブ劣化".into(),
            Cause::EbsVolumeLost => "EBSボリュームの喪失".into(),
            Cause::RdsAwsFault { event_id } => format!(
                "RDSのマネージド側の障害{}",
                event_id
                    .as_deref()
                    .map(|i| format!(" {i}"))
                    .unwrap_or_default()
            ),
            Cause::RdsCustomerFault { event_id } => format!(
                "RDSがお客様側の設定の障害を報告{}",
                event_id
                    .as_deref()
                    .map(|i| format!("（{i}）"))
                    .unwrap_or_default()
            ),
            Cause::ChangeMade => "アカウント内で行われた変更".into(),
            Cause::RecentDeployment => "発生前のデプロイ".into(),
            Cause::SecurityRisk { type_code } => {
                format!("AWSからセキュリティリスクの報告（{type_code}）")
            }
            Cause::Notice { type_code } => format!("通知 {type_code}"),
            Cause::ApproachingLimit => "上限への接近".into(),
            Cause::LoadDropped => "負荷の消失".into(),
            Cause::MixedSignals => "異なる原因を示すメトリクスの計算式".into(),
            Cause::SymptomWithoutCause => "症状のみ（原因は未特定）".into(),
            Cause::InstanceStatusFailed => "インスタンスステータスチェック失敗".into(),
            Cause::DbInstanceStatus { status } => format!("DBインスタンス {}", status.as_str()),
            Cause::OsLogErrors => "OSログにエラー".into(),
            Cause::ResourceExhausted { resource_class } => {
                format!("{}の枯渇・逼迫", self.resource_class(*resource_class))
            }
            Cause::AbuseReported => "AWSから不正利用の報告".into(),
            Cause::ApplicationLogErrors => "アプリケーションログにエラー".into(),
            Cause::ApplicationErrorMetric => "アプリケーションのエラー増加".into(),
            Cause::UnhealthyTargets => "ターゲットのヘルスチェック失敗".into(),
            Cause::VpnDown => "VPNトンネルのダウン".into(),
            Cause::DirectConnectDown => "Direct Connectのダウン".into(),
            Cause::EndpointUnreachable => "エンドポイントに到達不可".into(),
            Cause::Recovered => "状態は解消".into(),
            Cause::InstanceStoppedWithoutCause => "インスタンス停止（原因未特定）".into(),
            Cause::InstanceTerminatedWithoutCause => "インスタンス終了（原因未特定）".into(),
            Cause::StatusCheckUndetermined => "ステータスチェック失敗（原因側は未特定）".into(),
            Cause::MetricStoppedReporting => "メトリクスの途絶".into(),
            Cause::NotAFault => "通知（障害ではない）".into(),
            Cause::Unclassified => "判定ルールのないシグナル".into(),
            Cause::NothingFound => "異常は見つからず".into(),
        }
    }
}
