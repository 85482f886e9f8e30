//! Lambda function `notify`: publishes the classification (email and chat) to SNS.
//! Wiring only: the logic is `kiriwake_aws::handlers`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    kiriwake_aws::lambda::serve_notify().await
}
