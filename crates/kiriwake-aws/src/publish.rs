//! Publishing a classification to SNS.
//!
//! The email topic gets an ASCII subject and the email body, with message attributes
//! (`verdict`, `responsible`, `scope`, `confidence`) that subscription filter policies can
//! route on (e.g. page only for `aws_side`). Amazon Q Developer in chat applications needs
//! its custom-notification JSON as the whole message, so the chat JSON goes to a second,
//! optional topic — one topic cannot carry both to every subscriber type.

use aws_sdk_sns::Client;
use aws_sdk_sns::types::MessageAttributeValue;
use kiriwake_core::Classification;
use kiriwake_core::render::{Notification, code, notification};
use serde::Serialize;

use crate::error::CheckError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    pub subject: String,
    pub message_id: Option<String>,
    pub chat_message_id: Option<String>,
    /// Why the chat notification could not be published, when the email was. Not an
    /// error of the invocation: a retry would send the email again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chat_error: Option<String>,
}

fn attribute(value: &str) -> Option<MessageAttributeValue> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .ok()
}

pub async fn publish(
    client: &Client,
    topic: &str,
    chat_topic: Option<&str>,
    c: &Classification,
) -> Result<Published, CheckError> {
    let attributes = [
        ("verdict", code(&c.verdict)),
        ("responsible", code(&c.responsible)),
        ("scope", code(&c.scope)),
        ("confidence", code(&c.confidence)),
    ];
    let attributes: Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    publish_notification(client, topic, chat_topic, &notification(c), &attributes).await
}

/// Publishes the email of `n` to `topic` with message `attributes`; its message id.
pub async fn publish_email(
    client: &Client,
    topic: &str,
    n: &Notification,
    attributes: &[(&str, impl AsRef<str>)],
) -> Result<String, CheckError> {
    let mut req = client
        .publish()
        .topic_arn(topic)
        .subject(&n.subject)
        .message(&n.body);
    for (key, value) in attributes {
        if let Some(attr) = attribute(value.as_ref()) {
            req = req.message_attributes(*key, attr);
        }
    }
    Ok(req.send().await?.message_id.unwrap_or_default())
}

/// Publishes the chat JSON of `n` to `chat_topic`; its message id.
pub async fn publish_chat(
    client: &Client,
    chat_topic: &str,
    n: &Notification,
) -> Result<String, CheckError> {
    let out = client
        .publish()
        .topic_arn(chat_topic)
        .message(&n.chat)
        .send()
        .await?;
    Ok(out.message_id.unwrap_or_default())
}

/// Publishes a rendered notification: email to `topic`, chat JSON to `chat_topic`.
pub async fn publish_notification(
    client: &Client,
    topic: &str,
    chat_topic: Option<&str>,
    n: &Notification,
    attributes: &[(&str, &str)],
) -> Result<Published, CheckError> {
    let message_id = publish_email(client, topic, n, attributes).await?;
    let (chat_message_id, chat_error) = match chat_topic {
        Some(chat) => match publish_chat(client, chat, n).await {
            Ok(id) => (Some(id), None),
            Err(e) => (None, Some(e.detail)),
        },
        None => (None, None),
    };
    Ok(Published {
        subject: n.subject.clone(),
        message_id: Some(message_id),
        chat_message_id,
        chat_error,
    })
}
