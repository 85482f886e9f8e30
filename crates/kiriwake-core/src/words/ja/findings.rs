use super::Japanese;
use crate::finding::label as l;
use crate::finding::{Check, Fact, Hint, NotLookedUp, Outcome, Symptom};
use crate::incident::{Incident, Trigger};
use crate::words::{FindingWords, Labels};

impl FindingWords for Japanese {
    fn trigger_line(&self, i: &Incident) -> String {
        let ids: Vec<&str> = i.resources.iter().map(|r| r.id.as_str()).collect();
        let on = if ids.is_empty() {
            String::new()
        } else {
            format!("：{}", ids.join(", "))
        };
        match &i.trigger {
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
                self.health_category(&h.category),
                h.event_type_code,
                self.health_status(&h.status),
                h.service,
                h.event_region.as_deref().unwrap_or("リージョン不明"),
                match ids.len() + i.resources_omitted {
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
        }
    }

    fn evidence_label<'a>(&self, check: Check, label: &'a str) -> &'a str {
        match label {
            l::EVENT if check == Check::TriggerEvent => "イベント",
            l::ALARM_REASON => "アラームの理由（AWSの原文）",
            // The live checks' own labels (AWS's field names, such as `InstanceStatus`, stay
            // as AWS writes them).
            l::GROUP => "グループ",
            l::IMPAIRED => "異常",
            l::STOPPED => "停止中",
            l::LOOKED_UP => "確認した対象",
            l::WINDOW => "対象期間",
            l::CHANGES => "変更の件数",
            l::LOG_GROUPS => "ロググループ",
            l::TERMS => "検索語",
            l::MATCHING_EVENTS => "一致したログイベント",
            l::LOG_STREAMS => "ログストリーム",
            l::NOT_FOUND if check == Check::ChildAlarms => "見つからない子アラーム",
            l::NOT_FOUND => "見つからないロググループ",
            l::NO_STREAM => "このリソースのストリームがないロググループ",
            l::LOG_GROUPS_IGNORED => {
                "タグで選ばれたが KIRIWAKE_LOG_GROUP_PREFIX の外にあるため読まなかったロググループ"
            }
            l::EXCERPT => "抜粋",
            l::CHILD_ALARM => "子アラーム",
            l::CHILD_COMPOSITE_ALARM => "子の複合アラーム",
            l::ANSWERED => "回答",
            l::OPEN_EVENTS => "継続中のイベント",
            l::CONNECTED_IN => "接続時間",
            l::ERROR => "エラー",
            l::DESCRIPTION => "説明（AWSの原文）",
            l::TUNNEL => "トンネル",
            // Also as an earlier version labelled it ("not looked up (why)"), while a
            // deploy runs both.
            label if label.starts_with(l::NOT_LOOKED_UP) => "CloudTrailで確認しなかった対象",
            label => label,
        }
    }

    fn fixed_value(&self, value: &str) -> Option<&'static str> {
        // AWS's own words stay as they are.
        match value {
            l::ABSENT => Some("なし"),
            l::UNKNOWN => Some("不明"),
            l::NONE_SCHEDULED => Some("予定なし"),
            l::NO_DATAPOINTS => Some("データポイントなし（未発行）"),
            _ => None,
        }
    }

    fn fact(&self, fact: &Fact) -> Option<String> {
        Some(match fact {
            Fact::OfTotal { total, impaired } => {
                format!(
                    "{total} 台中 {} 台：{}",
                    impaired.len(),
                    impaired.join(", ")
                )
            }
            Fact::Reused { ago_s, valid_s } => format!(
                "{ago_s} 秒前に同じグループの別のサーバーについて得た回答を再利用（{valid_s} 秒間有効）"
            ),
            Fact::AlarmState { name, state } => format!("{name}：{state}"),
            Fact::NoneOpen { services } => format!("なし（{}）", services.join(", ")),
            Fact::NoAnswer { ms } => format!("{ms} ms 以内に応答なし"),
            Fact::Matching { count, cut: false } => count.to_string(),
            Fact::Matching { count, cut: true } => {
                format!("{count}+（件数上限または制限時間で打ち切り）")
            }
            Fact::Ec2Status { status, details } => {
                let mut out = status.clone().unwrap_or_else(|| "不明".into());
                for d in details {
                    out.push_str(&format!("; {} {}", d.name, d.status));
                    if let Some(since) = d.since {
                        out.push_str(&format!("（{} 以降）", since.to_rfc3339()));
                    }
                }
                out
            }
            Fact::NotLookedUp { names, why } => {
                let why = match why {
                    NotLookedUp::TimeLimit => "制限時間に達したため".to_owned(),
                    NotLookedUp::RateLimit => {
                        "CloudTrailの照会は1秒に2回までで、制限時間内に収まらないため".to_owned()
                    }
                    NotLookedUp::Failed { error } => format!("照会が失敗したため：{error}"),
                    NotLookedUp::AtMost { names } => format!("照会は最大 {names} 件までのため"),
                    NotLookedUp::Unknown => return None,
                };
                format!("{}（{why}）", names.join(", "))
            }
            Fact::Tunnel {
                ip,
                status,
                message,
            } => format!(
                "{ip} {}{}",
                status.as_deref().unwrap_or("不明"),
                message
                    .as_deref()
                    .map(|m| format!("（{m}）"))
                    .unwrap_or_default()
            ),
            Fact::Unknown => return None,
        })
    }

    fn finding_line(&self, check: Check, resource: Option<&str>, outcome: &Outcome) -> String {
        let subject = match resource {
            Some(r) => format!("{} ({r})", self.check(check)),
            None => self.check(check).to_owned(),
        };
        match outcome {
            Outcome::Normal => format!("{subject}：正常"),
            Outcome::Abnormal { symptom } => format!("{subject}：{}", self.symptom(symptom)),
            Outcome::Unavailable { reason, detail } => {
                let detail = if detail.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", self.detail(detail))
                };
                format!(
                    "{subject}：確認できず — {}{detail}",
                    self.unavailable(*reason)
                )
            }
        }
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

    fn live_finding_reason(
        &self,
        check: Check,
        symptom: &Symptom,
        resource: Option<&str>,
    ) -> String {
        format!(
            "{}の結果：{}{}。",
            self.check(check),
            self.symptom(symptom),
            on(resource)
        )
    }

    fn trigger_finding_reason(&self, symptom: &Symptom, resource: Option<&str>) -> String {
        format!(
            "トリガーの通知内容：{}{}。",
            self.symptom(symptom),
            on(resource)
        )
    }
}

/// "（i-1）" after a reason's symptom, when it names a resource.
fn on(resource: Option<&str>) -> String {
    resource.map(|r| format!("（{r}）")).unwrap_or_default()
}
