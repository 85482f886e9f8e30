//! Where notifications go locally: an SNS topic for email, one for chat and the failure
//! path's own, each subscribed by an SQS queue, so what was delivered can be read back.

use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct Outbox {
    pub sns: aws_sdk_sns::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub topic_arn: String,
    pub chat_topic_arn: String,
    /// `FailureAlertTopic`: where the failure path alerts.
    pub failure_topic_arn: String,
    email_queue: String,
    chat_queue: String,
    failure_queue: String,
}

/// A notification as an SQS subscriber received it.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub subject: String,
    pub message: String,
    /// The SNS message attributes (`verdict`, `responsible`, …).
    pub attributes: Value,
}

/// Which topic a notification went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// `NotificationTopic`: email subject and text.
    Email,
    /// `ChatTopic`: the Amazon Q custom notification.
    Chat,
    /// `FailureAlertTopic`: the failure path's alert when an isolation failed.
    FailureAlert,
}

impl Topic {
    /// The topic's logical id in template.yaml.
    pub fn logical_id(self) -> &'static str {
        match self {
            Topic::Email => "NotificationTopic",
            Topic::Chat => "ChatTopic",
            Topic::FailureAlert => "FailureAlertTopic",
        }
    }
}

/// Every message now in `queue`, each deleted once read. Messages stay visible until
/// deleted (visibility timeout 0), so a receive the SDK retried after a stalled attempt
/// cannot hide one.
pub async fn drain_queue(sqs: &aws_sdk_sqs::Client, queue: &str) -> anyhow::Result<Vec<String>> {
    let mut bodies = Vec::new();
    loop {
        let got = sqs
            .receive_message()
            .queue_url(queue)
            .max_number_of_messages(10)
            .visibility_timeout(0)
            .send()
            .await
            .context("ReceiveMessage")?;
        if got.messages().is_empty() {
            return Ok(bodies);
        }
        for m in got.messages() {
            if let Some(handle) = m.receipt_handle() {
                sqs.delete_message()
                    .queue_url(queue)
                    .receipt_handle(handle)
                    .send()
                    .await
                    .context("DeleteMessage")?;
            }
            bodies.push(m.body().unwrap_or_default().to_owned());
        }
    }
}

/// An SQS subscriber's message: the SNS envelope.
fn delivered(body: &str) -> anyhow::Result<Delivered> {
    let envelope: Value = serde_json::from_str(body).context("SNS envelope")?;
    Ok(Delivered {
        subject: envelope["Subject"].as_str().unwrap_or_default().to_owned(),
        message: envelope["Message"].as_str().unwrap_or_default().to_owned(),
        attributes: envelope["MessageAttributes"].clone(),
    })
}

/// Creates a queue; its URL.
pub(crate) async fn create_queue(sqs: &aws_sdk_sqs::Client, name: &str) -> anyhow::Result<String> {
    Ok(sqs
        .create_queue()
        .queue_name(name)
        .send()
        .await
        .with_context(|| format!("CreateQueue {name}"))?
        .queue_url()
        .unwrap_or_default()
        .to_owned())
}

async fn subscribed_queue(
    sns: &aws_sdk_sns::Client,
    sqs: &aws_sdk_sqs::Client,
    topic: &str,
    name: &str,
) -> anyhow::Result<String> {
    let url = create_queue(sqs, name).await?;
    let attrs = sqs
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .context("GetQueueAttributes")?;
    let arn = attrs
        .attributes()
        .and_then(|a| a.get(&aws_sdk_sqs::types::QueueAttributeName::QueueArn))
        .context("queue ARN")?
        .clone();
    sns.subscribe()
        .topic_arn(topic)
        .protocol("sqs")
        .endpoint(arn)
        .send()
        .await
        .context("Subscribe")?;
    Ok(url)
}

async fn topic(sns: &aws_sdk_sns::Client, name: &str) -> anyhow::Result<String> {
    let out = sns
        .create_topic()
        .name(name)
        .send()
        .await
        .context("CreateTopic")?;
    Ok(out.topic_arn().unwrap_or_default().to_owned())
}

impl Outbox {
    /// A notifier publishing to these topics, with no incident store: each classification
    /// is its own notification (the local runner and the handler tests).
    pub fn notifier(&self) -> kiriwake_aws::handlers::Notifier {
        kiriwake_aws::handlers::Notifier {
            sns: self.sns.clone(),
            topic: self.topic_arn.clone(),
            chat_topic: Some(self.chat_topic_arn.clone()),
            store: None,
            sfn: None,
        }
    }
    pub async fn create(conf: &aws_config::SdkConfig) -> anyhow::Result<Outbox> {
        let sns = aws_sdk_sns::Client::new(conf);
        let sqs = aws_sdk_sqs::Client::new(conf);
        let topic_arn = topic(&sns, "kiriwake-notifications").await?;
        let chat_topic_arn = topic(&sns, "kiriwake-chat").await?;
        let email_queue = subscribed_queue(&sns, &sqs, &topic_arn, "kiriwake-email-inbox").await?;
        let chat_queue =
            subscribed_queue(&sns, &sqs, &chat_topic_arn, "kiriwake-chat-inbox").await?;
        let failure_topic_arn = topic(&sns, "kiriwake-failures").await?;
        let failure_queue =
            subscribed_queue(&sns, &sqs, &failure_topic_arn, "kiriwake-failure-inbox").await?;
        Ok(Outbox {
            sns,
            sqs,
            topic_arn,
            chat_topic_arn,
            failure_topic_arn,
            email_queue,
            chat_queue,
            failure_queue,
        })
    }

    /// Everything delivered so far to any topic, email first (SNS delivers to SQS before
    /// `Publish` returns here).
    pub async fn drain(&self) -> anyhow::Result<Vec<(Topic, Delivered)>> {
        let mut out = Vec::new();
        for (topic, queue) in [
            (Topic::Email, &self.email_queue),
            (Topic::Chat, &self.chat_queue),
            (Topic::FailureAlert, &self.failure_queue),
        ] {
            for body in drain_queue(&self.sqs, queue).await? {
                out.push((topic, delivered(&body)?));
            }
        }
        Ok(out)
    }

    async fn take(&self, queue: &str) -> anyhow::Result<Delivered> {
        for _ in 0..20 {
            let out = self
                .sqs
                .receive_message()
                .queue_url(queue)
                .max_number_of_messages(1)
                .wait_time_seconds(1)
                .send()
                .await
                .context("ReceiveMessage")?;
            if let Some(m) = out.messages().first() {
                if let Some(handle) = m.receipt_handle() {
                    self.sqs
                        .delete_message()
                        .queue_url(queue)
                        .receipt_handle(handle)
                        .send()
                        .await
                        .context("DeleteMessage")?;
                }
                return delivered(m.body().unwrap_or_default());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("nothing was delivered to {queue}")
    }

    /// The next email and chat notifications delivered.
    pub async fn next(&self) -> anyhow::Result<(Delivered, Delivered)> {
        Ok((
            self.take(&self.email_queue).await?,
            self.take(&self.chat_queue).await?,
        ))
    }
}
