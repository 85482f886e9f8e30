//! Lambda function `check-user-side`: isolation step 1 (instance status, OS and resources, application logs).
//! Wiring only: the logic is `kiriwake_aws::handlers`.

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    kiriwake_aws::lambda::serve_user_side().await
}
