use super::Japanese;
use crate::lifecycle::NoticeKind;
use crate::support::Severity;
use crate::words::documents::{
    CaseReference, CaseRequest, CaseText, DocumentWords, Heading, IncidentChange, Recovery,
    ResponseTime,
};

impl DocumentWords for Japanese {
    fn heading(&self, h: Heading) -> &'static str {
        match h {
            Heading::Trigger => "トリガー：",
            Heading::Started => "発生時刻：",
            Heading::Resources => "対象リソース：",
            Heading::Verdict => "判定：",
            Heading::WhoMustAct => "対応すべき主体：",
            Heading::Scope => "影響範囲：",
            Heading::Confidence => "確度：",
            Heading::NextActions => "次にやること：",
            Heading::Why => "判定理由：",
            Heading::CouldNotCheck => "確認できなかった項目：",
            Heading::SlowestChecks => "時間のかかった確認：",
            Heading::SupportCaseDraft => "AWSサポートケースの下書き（Webから起票）：",
            Heading::SupportCase => "サポートケース下書き：",
            Heading::Subject => "件名：",
            Heading::Service => "サービス：",
            Heading::UntilRecovery => "復旧までの状況：",
            Heading::Changed => "変化：",
            Heading::SinceLastNotification => "前回の通知以降：",
            Heading::StillFailing => "障害継続中：",
            Heading::TriggerBehind => "この通知のきっかけとなったトリガー：",
        }
    }

    /// A full-width colon needs no space after it.
    fn label_gap(&self) -> &'static str {
        ""
    }

    fn inline_colon(&self) -> &'static str {
        "："
    }

    fn changes_separator(&self) -> &'static str {
        "／"
    }

    fn ongoing_word(&self, ongoing: bool) -> &'static str {
        if ongoing { "継続中" } else { "収束" }
    }

    fn isolation_title(&self) -> &'static str {
        "障害切り分け"
    }

    fn no_check_applies(&self) -> &'static str {
        "該当する確認なし"
    }

    fn evidence_omitted(&self, hidden: usize) -> String {
        format!("（ほか{hidden}行の証拠は容量制限のため省略）")
    }

    fn who_must_act_line(&self, party: &str, layer: &str) -> String {
        format!("対応すべき主体：{party}（レイヤー：{layer}）")
    }

    fn evidence_truncated(&self) -> &'static str {
        "（SNSのメッセージ上限に収めるため証拠を省略しました。完全な判定結果は切り分け処理のログにあります）"
    }

    fn failure_title(&self) -> &'static str {
        "[kiriwake] 自動切り分けに失敗しました：手動で切り分けてください"
    }

    fn failure_body(&self, error: &str, cause: &str, event: &str, cut: &str) -> String {
        let title = self.failure_title();
        format!(
            "{title}\n\nエラー：{error}\n原因：{cause}\n\n次にやること：\n  1. 手順どおり手動で切り分ける：インスタンスステータス、システムステータス、AWS Health、AWS外の経路。\n  2. 再発しないよう、イベントの送信元またはkiriwakeの権限を修正する。\n\nイベント：\n{event}{cut}\n"
        )
    }

    fn event_excerpt(&self, shown: usize, total: usize) -> String {
        format!("（{total}文字のうち先頭{shown}文字。イベント全体は実行の入力にあります）")
    }

    fn failure_truncated(&self) -> &'static str {
        "（SNSのメッセージ上限に収めるため省略）"
    }

    fn failure_next_step(&self) -> &'static str {
        "手順どおり手動で切り分けてください。"
    }

    fn severity(&self, s: Severity) -> &'static str {
        match s {
            Severity::GeneralGuidance => "一般的なガイダンス",
            Severity::SystemImpaired => "システム障害",
            Severity::ProductionSystemImpaired => "本番システムの障害",
            Severity::ProductionSystemDown => "本番システムのダウン",
            Severity::BusinessCriticalSystemDown => "ビジネスクリティカルなシステムのダウン",
        }
    }

    fn response_time(&self, time: ResponseTime, business_hours: bool) -> String {
        match time {
            ResponseTime::Hours(h) if business_hours => format!("{h}営業時間"),
            ResponseTime::Hours(h) => format!("{h}時間"),
            ResponseTime::Minutes(m) => format!("{m}分"),
        }
    }

    fn more_resources(&self, n: usize) -> String {
        format!("ほか{n}件")
    }

    fn support_case_body(&self, case: &CaseText<'_>) -> String {
        // The identifiers keep an ASCII colon, as pasted from the console.
        let reference = match case.reference {
            Some(CaseReference::HealthEvent(arn)) => format!("\nAWS Healthイベント: {arn}"),
            Some(CaseReference::Alarm(alarm)) => format!("\nCloudWatchアラーム: {alarm}"),
            None => String::new(),
        };
        let ask = match case.request {
            CaseRequest::ConfirmFault => {
                "これらのリソースに影響するAWS側の障害の有無、復旧見込み、当方で必要な対応があればご教示ください。"
            }
            CaseRequest::AskAboutUnpublishedFault => {
                "当方の確認ではこれらのリソースに当方側の異常は見つかりませんでした。公開の有無にかかわらず、AWS側でこれらに影響する事象は発生していますか。発生している場合は復旧見込みと当方で必要な対応をご教示ください。"
            }
        };
        let resources = match case.resources {
            [] => "特定なし".to_owned(),
            list => list.join(", "),
        };
        format!(
            "解決したい問題：{problem}\n\nサービス：{service}\nリージョン：{region}\n対象リソース：{resources}\n発生時刻：{started_at}\n現在の状況：{ongoing}{reference}\n\n確認できた事象：\n{evidence}\n\nお願いしたいこと：{ask}\n\n添付：アラームのグラフとコンソールのスクリーンショット、ログの抜粋。上記の時刻はすべてタイムゾーン付きです。",
            problem = case.problem,
            service = case.service,
            region = case.region.unwrap_or("不明"),
            started_at = case.started_at,
            ongoing = self.ongoing_word(case.ongoing),
            evidence = case.evidence,
        )
    }

    fn first_response_within(&self, plan: &str, within: &str) -> String {
        format!("{plan}プラン：初回応答目標 {within} 以内")
    }

    fn no_technical_cases(&self) -> &'static str {
        "ベーシックプラン：技術サポートケースは起票できません"
    }

    fn severity_line(&self, severity: &str, response: &str) -> String {
        format!("重要度：{severity}（{response}）")
    }

    fn incident_opened(&self, what: &str) -> String {
        format!("インシデント発生：{what}")
    }

    fn incident_updated(&self, verdict: &str, scope: &str, resources: usize) -> String {
        format!("インシデント更新：{verdict}・{scope}・影響リソース{resources}件")
    }

    fn incident_recovered(&self, recovery: Recovery, minutes: i64) -> String {
        match recovery {
            Recovery::AllNormal { members } => {
                format!(
                    "インシデント復旧：{members}件すべてが正常に戻りました（発生から{minutes}分）"
                )
            }
            Recovery::SomeGone { members, gone } => format!(
                "インシデント復旧：{members}件すべてが正常に戻ったか、報告を停止しました（停止{gone}件・発生から{minutes}分）"
            ),
        }
    }

    fn incident_state(&self, id: &str, kind: NoticeKind, minutes: i64) -> String {
        let kind = match kind {
            NoticeKind::Opened => "発生",
            NoticeKind::Updated => "更新",
            NoticeKind::Recovered => "復旧",
        };
        format!("インシデント {id}（{kind}・発生から{minutes}分）")
    }

    fn incident_members(&self, members: usize, firing: usize, triggers: u64) -> String {
        format!("メンバー：{members}件（うち障害継続中 {firing}件）、トリガー：{triggers}件")
    }

    fn incident_change(&self, c: IncidentChange) -> &'static str {
        match c {
            IncidentChange::Verdict => "判定",
            IncidentChange::Scope => "影響範囲",
            IncidentChange::WhoMustAct => "対応主体",
            IncidentChange::NewKind => "新しい種類のリソース：",
        }
    }

    fn picture_line(&self, verdict: &str, scope: &str, party: &str) -> String {
        format!("判定：{verdict}　影響範囲：{scope}　対応すべき主体：{party}")
    }

    fn more_listed(&self, n: usize) -> String {
        format!("…ほか{n}件")
    }
}
