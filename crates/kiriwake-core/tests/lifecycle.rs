//! An incident's life, as tables: which incident a trigger joins, and what people hear.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use kiriwake_core::incident::ResourceKind;
use kiriwake_core::lifecycle::{
    self, IncidentRecord, LifeConfig, Link, MAX_MEMBERS, Member, Notice, NoticeKind,
};
use kiriwake_core::render::incident_notification;
use kiriwake_core::{
    Check, Classification, Config, Finding, Lang, Party, Scope, Verdict, classify, intake_value,
    plan,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 1, 0, 0).unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

/// A member of group `web`: `n` is its server.
fn member(n: u32, firing: bool, verdict: Verdict, minutes: i64) -> Member {
    Member {
        key: format!("alarm:web-{n}"),
        firing,
        gone: false,
        observed: at(minutes),
        verdict,
        scope: Scope::OneResource,
        responsible: match verdict {
            Verdict::AwsSide => Party::Aws,
            _ => Party::Customer,
        },
        resources: vec![format!("i-{n:017x}")],
        kinds: BTreeSet::from([ResourceKind::Ec2Instance]),
        headline: format!("web-{n}: {verdict:?}"),
        at: at(minutes),
        execution: format!("exec-{n}-{minutes}-{firing}"),
        noise: false,
    }
}

fn firing(n: u32, minutes: i64) -> Member {
    member(n, true, Verdict::Instance, minutes)
}

fn recovered(n: u32, minutes: i64) -> Member {
    member(n, false, Verdict::Recovered, minutes)
}

/// Takes `m` into `record` as the store would: the incident it chooses, or a new one.
fn step(record: Option<IncidentRecord>, m: Member) -> (IncidentRecord, Notice) {
    let config = LifeConfig::default();
    let candidates: Vec<IncidentRecord> = record.into_iter().collect();
    let chosen = lifecycle::choose(&m, &candidates, &config).cloned();
    lifecycle::absorb(chosen, m, &config)
}

fn kind(n: &Notice) -> Option<NoticeKind> {
    n.kind
}

#[test]
fn an_outage_is_opened_updated_once_per_interval_and_recovered_once() {
    // (minute, member, what people hear, whether this execution must send an update later)
    let (r, n) = step(None, firing(1, 0));
    assert_eq!(kind(&n), Some(NoticeKind::Opened));
    assert_eq!(n.message, "opened");
    assert!(!n.after_opening);
    let id = r.id.clone();

    // A second server 1 minute later: the scope widens, but the last notification was a
    // minute ago; this execution sends the update when five minutes have passed.
    let (r, n) = step(Some(r), firing(2, 1));
    assert_eq!((r.id.as_str(), kind(&n)), (id.as_str(), None));
    assert_eq!(n.flush_at, Some(at(5)));
    // A third: already due; nothing more to send.
    let (r, n) = step(Some(r), firing(3, 2));
    assert_eq!((kind(&n), n.flush_at), (None, None));
    assert_eq!(r.triggers, 3);

    // The update at minute 5 tells all that joined and what changed.
    let (r, n) = lifecycle::flush(r, "exec-2-1-true", at(5));
    assert_eq!(kind(&n), Some(NoticeKind::Updated));
    assert_eq!(n.message, "update-1");
    assert!(n.after_opening, "it must not arrive before the opening");
    assert_eq!(n.summary.joined, ["web-2: Instance", "web-3: Instance"]);
    assert_eq!(n.summary.before.as_ref().unwrap().scope, Scope::OneResource);
    assert_eq!(n.summary.picture.scope, Scope::PartOfGroup);
    assert_eq!(n.summary.picture.resources, 3);
    // A flush that is not (or no longer) this execution's sends nothing.
    let (r, n) = lifecycle::flush(r, "exec-2-1-true", at(6));
    assert_eq!(kind(&n), None);

    // More of the same is not news.
    let (r, n) = step(Some(r), firing(4, 12));
    assert_eq!((kind(&n), n.flush_at), (None, None));

    // Recoveries: quiet (a narrower scope while recovering is not news) until the last.
    let (r, n) = step(Some(r), recovered(1, 20));
    assert_eq!((kind(&n), n.flush_at), (None, None));
    let (r, _) = step(Some(r), recovered(2, 21));
    let (r, n) = step(Some(r), recovered(3, 22));
    assert_eq!(kind(&n), None);
    let (r, n) = step(Some(r), recovered(4, 23));
    assert_eq!(kind(&n), Some(NoticeKind::Recovered));
    assert_eq!(n.message, "recovered");
    assert!(n.after_opening);
    assert_eq!((n.summary.members, n.summary.firing), (4, 0));
    assert!(!r.is_open());

    // The same alarm firing again later is a new incident: a closed one takes nothing.
    let (r2, n) = step(Some(r.clone()), firing(1, 30));
    assert_ne!(r2.id, r.id);
    assert_eq!(kind(&n), Some(NoticeKind::Opened));
}

#[test]
fn an_aws_side_cause_is_news_at_once_when_the_interval_allows() {
    let (r, _) = step(None, firing(1, 0));
    // Six minutes on, a server finds an AWS-side cause: the verdict changes, and the last
    // notification was more than five minutes ago: an update now.
    let (r, n) = step(Some(r), member(2, true, Verdict::AwsSide, 6));
    assert_eq!(kind(&n), Some(NoticeKind::Updated));
    assert_eq!(n.summary.picture.verdict, Verdict::AwsSide);
    assert_eq!(n.summary.picture.responsible, Party::Aws);
    assert_eq!(
        n.summary.before.as_ref().unwrap().verdict,
        Verdict::Instance
    );
    // It explains the others: the incident stays AWS side while they keep arriving.
    let (_, n) = step(Some(r), firing(3, 7));
    assert_eq!(n.summary.picture.verdict, Verdict::AwsSide);
    assert_eq!(kind(&n), None);
}

#[test]
fn a_new_kind_of_resource_is_news() {
    let (r, _) = step(None, firing(1, 0));
    let mut db = firing(9, 8);
    db.kinds = BTreeSet::from([ResourceKind::RdsDbInstance]);
    db.resources = vec!["orders-db".into()];
    let (_, n) = step(Some(r), db);
    assert_eq!(kind(&n), Some(NoticeKind::Updated));
}

#[test]
fn which_incident_a_trigger_joins() {
    let config = LifeConfig::default();
    let (old, _) = step(None, firing(1, 0));
    let (newer, _) = step(None, firing(2, 5));
    let (mut closed, _) = step(None, firing(3, 1));
    closed.closed_at = Some(at(2));
    let all = [newer.clone(), old.clone(), closed.clone()];

    // (member, chosen incident)
    let rows: Vec<(Member, Option<&str>)> = vec![
        // Within the window of both: the oldest, so every trigger of an outage picks the same.
        (firing(7, 10), Some(old.id.as_str())),
        // A member of an incident stays with it.
        (firing(2, 10), Some(newer.id.as_str())),
        // Beyond the window of both (15 minutes after their latest trigger): a new one.
        (firing(7, 21), None),
        // A recovery joins its member's incident whatever the window.
        (recovered(1, 120), Some(old.id.as_str())),
        // A recovery of something not a member joins any open incident it links to.
        (recovered(8, 120), Some(old.id.as_str())),
    ];
    for (m, want) in rows {
        let got = lifecycle::choose(&m, &all, &config).map(|r| r.id.as_str());
        assert_eq!(got, want, "{} firing={} at {}", m.key, m.firing, m.at);
    }
    // Nothing open: a member of a closed incident opens a new one.
    assert!(lifecycle::choose(&firing(3, 3), &[closed], &config).is_none());

    // A window of zero keeps every trigger apart, except a member's own.
    let apart = LifeConfig {
        window: Duration::zero(),
        ..config
    };
    assert!(lifecycle::choose(&firing(7, 1), std::slice::from_ref(&old), &apart).is_none());
    assert!(lifecycle::choose(&firing(1, 1), &[old], &apart).is_some());
}

#[test]
fn a_recovery_nobody_heard_of_is_told_once_and_noise_not_at_all() {
    let (r, n) = step(None, recovered(1, 0));
    assert_eq!(kind(&n), Some(NoticeKind::Recovered));
    assert!(!n.after_opening, "there is no opening to wait for");
    assert!(!r.is_open());

    let mut noise = recovered(2, 0);
    noise.noise = true;
    let (_, n) = step(None, noise);
    assert_eq!(kind(&n), None);
}

#[test]
fn a_huge_incident_keeps_its_size_bounded_and_every_members_state() {
    let (mut r, _) = step(None, firing(0, 0));
    let n = MAX_MEMBERS as u32 + 300;
    for i in 1..n {
        r = step(Some(r), firing(i, 1)).0;
    }
    assert_eq!(r.members.len(), MAX_MEMBERS);
    assert_eq!(r.member_count(), n as usize);
    assert_eq!(r.firing(), n as usize);
    assert_eq!(r.triggers, u64::from(n));
    assert!(r.joined_since.len() <= lifecycle::MAX_JOINED_LINES);
    // Long ARNs and headlines everywhere: still far within DynamoDB's 400 KB per item.
    let mut worst = r.clone();
    for m in worst.members.values_mut() {
        m.key = format!(
            "alarm:arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:{}",
            "x".repeat(200)
        );
        m.headline = "h".repeat(lifecycle::MAX_HEADLINE_CHARS);
        m.resources = vec!["r".repeat(100); lifecycle::MAX_MEMBER_RESOURCES];
        m.execution = format!(
            "arn:aws:states:ap-northeast-1:123456789012:execution:{}",
            "e".repeat(80)
        );
    }
    let bytes = serde_json::to_string(&worst).unwrap().len();
    assert!(bytes < 300_000, "{bytes} bytes");
    // The update promised at minute 1 was never flushed here: the first trigger after it
    // was due sends it. Then every member must recover, those kept by their state only
    // included, before it closes.
    for i in 0..n - 1 {
        let (next, notice) = step(Some(r), recovered(i, 30));
        let want = (i == 0).then_some(NoticeKind::Updated);
        assert_eq!(notice.kind, want, "member {i} of {n}");
        r = next;
    }
    let (r, notice) = step(Some(r), recovered(n - 1, 31));
    assert_eq!(notice.kind, Some(NoticeKind::Recovered));
    assert_eq!(notice.summary.members, n as usize);
    assert!(!r.is_open());
}

#[test]
fn a_late_word_changes_nothing_and_a_gone_member_lets_the_incident_close() {
    // The alarm's OK was isolated first (its ALARM isolation was slow): a lone recovery.
    let mut late_alarm = firing(1, 3);
    late_alarm.observed = at(0);
    let (r, n) = step(None, recovered(1, 2));
    assert_eq!(kind(&n), Some(NoticeKind::Recovered));
    // Its ALARM, older than the OK, belongs to that incident, closed: no reopening.
    let (r2, n) = step(Some(r.clone()), late_alarm);
    assert_eq!((r2.id.as_str(), kind(&n)), (r.id.as_str(), None));
    assert!(!r2.is_open());

    // Inside an open incident, a late ALARM does not undo its member's OK.
    let (r, _) = step(None, firing(1, 0));
    let (r, _) = step(Some(r), firing(2, 1));
    let (r, _) = step(Some(r), recovered(1, 5));
    let mut late = firing(1, 6);
    late.observed = at(4);
    let (r, n) = step(Some(r), late);
    assert_eq!((kind(&n), r.firing()), (None, 1));

    // Server 2 is terminated (an Auto Scaling group replaced it): its alarm goes without
    // data. Not failing any more: the incident closes.
    let mut no_data = member(2, true, Verdict::Inconclusive, 8);
    no_data.gone = true;
    let (r, n) = step(Some(r), no_data);
    assert_eq!(kind(&n), Some(NoticeKind::Recovered));
    assert_eq!(n.summary.gone, 1);
    assert!(!r.is_open());

    // Alone, an alarm without data is news (something stopped reporting): opened.
    let mut alone = member(3, true, Verdict::Inconclusive, 20);
    alone.gone = true;
    assert_eq!(kind(&step(None, alone).1), Some(NoticeKind::Opened));
}

#[test]
fn a_deferred_update_whose_execution_died_is_taken_over() {
    let (r, _) = step(None, firing(1, 0));
    let (r, n) = step(Some(r), firing(2, 1));
    assert_eq!(n.flush_at, Some(at(5)));
    // Nobody flushed by minute 5 + grace; a change at minute 16 is sent at once (due).
    let mut db = firing(9, 16);
    db.kinds = BTreeSet::from([ResourceKind::RdsDbInstance]);
    let (_, n) = step(Some(r.clone()), db);
    assert_eq!(kind(&n), Some(NoticeKind::Updated));
    // Within the grace, the promise stands: no second one.
    let config = LifeConfig::default();
    let mut within = r.clone();
    within.last_notice_at = Some(at(10));
    within.pending_flush.as_mut().unwrap().at = at(15);
    let (_, n) = lifecycle::absorb(Some(within.clone()), firing(3, 12), &config);
    assert_eq!((kind(&n), n.flush_at), (None, None));
    // Beyond it, the next trigger that sees a change promises it instead.
    within.pending_flush.as_mut().unwrap().at = at(3);
    let mut db = firing(8, 14);
    db.kinds = BTreeSet::from([ResourceKind::RdsDbInstance]);
    let (r, n) = lifecycle::absorb(Some(within), db, &config);
    assert_eq!(n.flush_at, Some(at(15)));
    assert_eq!(r.pending_flush.unwrap().execution, "exec-8-14-true");
}

#[test]
fn twice_as_many_failing_resources_is_news() {
    let (mut r, _) = step(None, firing(1, 0));
    r = step(Some(r), firing(2, 6)).0; // update: part of a group, 2 resources
    for i in 3..=4 {
        let (next, n) = step(Some(r), firing(i, 8));
        assert_eq!(
            (kind(&n), n.flush_at),
            (None, None),
            "{i} resources: not yet news"
        );
        r = next;
    }
    let (next, n) = step(Some(r), firing(5, 8));
    // 5 of 2 is news, but the interval since the update at minute 6 has not passed.
    assert_eq!((kind(&n), n.flush_at), (None, Some(at(11))));
    let (_, n) = lifecycle::flush(next, "exec-5-8-true", at(11));
    assert_eq!(kind(&n), Some(NoticeKind::Updated));
    assert_eq!(n.summary.picture.resources, 5);
}

#[test]
fn incident_ids_are_short_stable_and_distinct() {
    let a = lifecycle::incident_id("arn:aws:states:ap-northeast-1:123456789012:execution:m:a");
    let b = lifecycle::incident_id("arn:aws:states:ap-northeast-1:123456789012:execution:m:b");
    assert_eq!(a.len(), 15);
    assert!(a.starts_with("kw-") && a[3..].chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
    assert_eq!(
        a,
        lifecycle::incident_id("arn:aws:states:ap-northeast-1:123456789012:execution:m:a")
    );
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn classified(file: &str, lang: Lang) -> Classification {
    let event: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo().join("events").join(file)).unwrap()).unwrap();
    let incident = intake_value(&event, t0()).unwrap();
    let findings = plan::offline_findings(&incident);
    let config = Config {
        lang,
        ..Config::default()
    };
    classify(incident, findings, &config)
}

#[test]
fn a_trigger_links_by_itself_its_resources_its_group_and_health_events() {
    let mut c = classified("alarm-ec2-system-status-check-failed.json", Lang::En);
    c.findings.push(
        Finding::normal(Check::SiblingResources, Some("i-0a1b2c3d4e5f67890"))
            .with_evidence("group", "System=web"),
    );
    let links = lifecycle::links(&c);
    for want in [
        Link::Member(
            "alarm:arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:web-1-StatusCheckFailed_System"
                .into(),
        ),
        Link::Group("System=web".into()),
        Link::Resource("i-0a1b2c3d4e5f67890".into()),
    ] {
        assert!(links.contains(&want), "{want:?} not in {links:?}");
    }
    let keys: BTreeSet<String> = links.iter().map(Link::key).collect();
    assert_eq!(keys.len(), links.len(), "each link its own key");
    assert!(keys.iter().all(|k| k.starts_with("link#")));

    let h = classified("health-ec2-operational-issue-public.json", Lang::En);
    assert!(
        lifecycle::links(&h)
            .iter()
            .any(|l| matches!(l, Link::HealthEvent(arn) if arn.starts_with("arn:aws:health:")))
    );

    // The alarm back to OK is the same member.
    let ok = classified("alarm-ok-recovered.json", Lang::En);
    let m = lifecycle::member_of(&ok, "exec", t0());
    assert!(!m.firing && !m.noise, "{m:?}");
    // An alarm that only had no data and now has: noise.
    let mut from_no_data = ok.clone();
    if let kiriwake_core::incident::Trigger::Alarm(a) = &mut from_no_data.incident.trigger {
        a.previous_state = Some(kiriwake_core::incident::AlarmState::InsufficientData);
    }
    assert!(lifecycle::member_of(&from_no_data, "exec", t0()).noise);
}

#[test]
fn incident_notifications_carry_the_id_in_subject_thread_and_language() {
    for lang in [Lang::En, Lang::Ja] {
        let c = classified("alarm-ec2-system-status-check-failed.json", lang);
        let m = lifecycle::member_of(&c, "exec-1", t0());
        let (r, opened) = lifecycle::absorb(None, m, &LifeConfig::default());
        let n = incident_notification(&opened, NoticeKind::Opened, Some(&c), at(1), lang);
        assert!(
            n.subject.starts_with(&format!("[kiriwake {}] ", r.id)),
            "{}",
            n.subject
        );
        assert!(
            n.subject.is_ascii() && n.subject.len() < 100,
            "{}",
            n.subject
        );
        let chat: serde_json::Value = serde_json::from_str(&n.chat).unwrap();
        assert_eq!(chat["metadata"]["threadId"], r.id.as_str());
        assert_eq!(chat["metadata"]["additionalContext"]["kind"], "opened");
        assert!(n.body.contains(&r.id));

        let mut second = lifecycle::member_of(&c, "exec-2", at(7));
        second.key = "alarm:web-2".into();
        second.resources = vec!["i-0000000000000beef".into()];
        let (r, updated) = lifecycle::absorb(Some(r), second, &LifeConfig::default());
        assert_eq!(updated.kind, Some(NoticeKind::Updated));
        // A deferred update has no classification: the incident alone tells it.
        let n = incident_notification(&updated, NoticeKind::Updated, None, at(7), lang);
        assert!(n.subject.contains("Updated"), "{}", n.subject);
        let chat: serde_json::Value = serde_json::from_str(&n.chat).unwrap();
        assert_eq!(chat["metadata"]["threadId"], r.id.as_str());
        assert_eq!(chat["metadata"]["additionalContext"]["kind"], "updated");
        let (words, joined) = match lang {
            Lang::En => ("Incident updated", "Since the last notification"),
            Lang::Ja => ("インシデント更新", "前回の通知以降"),
        };
        assert!(n.title.contains(words), "{}", n.title);
        assert!(n.body.contains(joined), "{}", n.body);

        let mut back = lifecycle::member_of(&c, "exec-3", at(30));
        back.firing = false;
        let (_, n1) = lifecycle::absorb(Some(r), back, &LifeConfig::default());
        assert_eq!(n1.kind, None, "one member still failing");
    }
}
