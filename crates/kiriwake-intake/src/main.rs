//! Lambda function `intake`: any trigger (EventBridge event, alarm action, manual request) to an Incident.
//! Wiring only: the logic is `kiriwake_aws::handlers`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    kiriwake_aws::lambda::serve_intake().await
}
