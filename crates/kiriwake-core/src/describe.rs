//! Plain words for findings and decisions, in English and Japanese.
//!
//! Every sentence a person reads comes from here or from `actions`, so both languages
//! stay complete and side by side.

use crate::config::Lang;
use crate::decision::{Cause, Confidence, Scope, Verdict};
use crate::finding::{
    Check, DbStatus, Detail, Finding, Hint, Outcome, ResourceClass, Step, Symptom,
    UnavailableReason,
};
use crate::incident::{Incident, Trigger};
use crate::responsibility::{Layer, Party};

pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    lang.words().verdict(v)
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
    lang.words().party(p)
}

pub fn layer_label(l: Layer, lang: Lang) -> &'static str {
    lang.words().layer(l)
}

pub fn scope_label(s: Scope, lang: Lang) -> &'static str {
    lang.words().scope(s)
}

pub fn confidence_label(c: Confidence, lang: Lang) -> &'static str {
    lang.words().confidence(c)
}

pub fn step_title(s: Step, lang: Lang) -> &'static str {
    lang.words().step_title(s)
}

pub fn check_label(c: Check, lang: Lang) -> &'static str {
    lang.words().check(c)
}

pub fn unavailable_label(r: UnavailableReason, lang: Lang) -> &'static str {
    lang.words().unavailable(r)
}

fn class_label(c: ResourceClass, lang: Lang) -> &'static str {
    lang.words().resource_class(c)
}

pub fn db_status_text(s: &DbStatus, lang: Lang) -> String {
    lang.words().db_status(s).to_owned()
}

/// One sentence for a symptom.
pub fn symptom_text(s: &Symptom, lang: Lang) -> String {
    lang.words().symptom(s)
}

fn health_category_ja(c: &crate::incident::HealthCategory) -> &str {
    crate::words::Labels::health_category(&crate::words::Japanese, c)
}

fn health_status_ja(s: &crate::incident::HealthStatus) -> &str {
    crate::words::Labels::health_status(&crate::words::Japanese, s)
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
