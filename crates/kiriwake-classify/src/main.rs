//! Lambda function `classify`: the method's decision over the incident and the three steps' findings.
//! Wiring only: the logic is `kiriwake_aws::handlers`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    kiriwake_aws::lambda::serve_classify().await
}
