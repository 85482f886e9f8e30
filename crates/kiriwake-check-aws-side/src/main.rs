//! Lambda function `check-aws-side`: isolation step 2 (system status, scheduled events, AWS Health).
//! Wiring only: the logic is `kiriwake_aws::handlers`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    kiriwake_aws::lambda::serve_aws_side().await
}
