//! The Amazon Q Developer in chat applications (formerly AWS Chatbot) custom
//! notification: `{"version":"1.0","source":"custom",…}`.

use serde_json::json;

use super::{SNS_MESSAGE_LIMIT, code, truncate_chars};
use crate::classification::Classification;
use crate::incident::Trigger;
use crate::words::Heading;

/// The description is kept short for chat; the email carries the full evidence.
const DESCRIPTION_CHARS: usize = 3_500;

/// The chat notification (Amazon Q Developer in chat applications' custom format) as JSON
/// text: headline, who must act, scope, reasons and next steps, within SNS's message limit.
pub fn chat_notification(c: &Classification) -> String {
    let lang = c.lang;
    let w = lang.words();
    let gap = w.label_gap();
    let mut description = format!(
        "*{}*\n{}{gap}{}\n{}{gap}{}   {}{gap}{}\n",
        c.headline,
        w.heading(Heading::WhoMustAct),
        lang.words().party(c.responsible),
        w.heading(Heading::Scope),
        lang.words().scope(c.scope),
        w.heading(Heading::Confidence),
        lang.words().confidence(c.confidence),
    );
    for r in &c.reasons {
        description.push_str(&format!("• {r}\n"));
    }
    if !c.unavailable.is_empty() {
        let names: Vec<String> = c
            .unavailable
            .iter()
            .map(|u| {
                format!(
                    "{} ({})",
                    lang.words().check(u.check),
                    lang.words().unavailable(u.reason)
                )
            })
            .collect();
        description.push_str(&format!(
            "{}{gap}{}\n",
            w.heading(Heading::CouldNotCheck),
            names.join(", ")
        ));
    }
    if let Some(s) = &c.support_case {
        description.push_str(&format!(
            "{}{gap}{}\n",
            w.heading(Heading::SupportCase),
            s.subject
        ));
    }
    let resources: Vec<String> = c
        .incident
        .resources
        .iter()
        .map(|r| r.arn.clone().unwrap_or_else(|| r.id.clone()))
        .collect();
    let mut keywords = vec![code(&c.verdict), code(&c.responsible), code(&c.scope)];
    keywords.extend(c.incident.region.clone());
    keywords.extend(c.incident.resources.iter().map(|r| r.id.clone()));
    keywords.truncate(10);
    let thread = match &c.incident.trigger {
        Trigger::Alarm(a) => a.alarm_arn.clone().unwrap_or_else(|| a.alarm_name.clone()),
        Trigger::Health(h) => h.event_arn.clone(),
        _ => c
            .incident
            .resource_ids()
            .first()
            .map(|s| (*s).to_owned())
            .unwrap_or_else(|| c.incident.id.clone()),
    };
    let mut doc = json!({
        "version": "1.0",
        "source": "custom",
        "id": c.incident.id,
        "content": {
            "textType": "client-markdown",
            "title": truncate_chars(&format!("kiriwake: {}", c.headline), 250),
            "description": truncate_chars(&description, DESCRIPTION_CHARS),
            "nextSteps": c.next_actions.iter().map(|a| a.text.clone()).collect::<Vec<_>>(),
            "keywords": keywords,
        },
        "metadata": {
            "threadId": thread,
            "summary": truncate_chars(&c.headline, 250),
            "eventType": format!("kiriwake.{}", code(&c.verdict)),
            "relatedResources": resources,
            "additionalContext": {
                "verdict": code(&c.verdict),
                "responsible": code(&c.responsible),
                "scope": code(&c.scope),
                "confidence": code(&c.confidence),
                "incident_id": c.incident.id,
            },
        },
    });
    let mut text = doc.to_string();
    // Only a pathological number of resources can push this past SNS's limit.
    if text.len() > SNS_MESSAGE_LIMIT {
        doc["metadata"]["relatedResources"] = json!(resources.iter().take(50).collect::<Vec<_>>());
        text = doc.to_string();
    }
    text
}
