//! `kiriwake-local demo`: the main job on a local AWS. Starts the emulator, stages five
//! incidents, isolates each through the Lambdas' code, publishes to SNS → SQS, and prints
//! each classification and the notification as delivered.

use kiriwake_core::render::flowchart;
use kiriwake_local::{Local, local_settings, scenarios};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = local_settings()?;
    let local = Local::start(settings).await?;
    println!("Local AWS (moto) on {}\n", local.emulator.url);
    let staged = scenarios::stage(&local.conf).await?;
    let mut wrong = Vec::new();
    for s in &staged {
        let run = local.run(&s.event).await?;
        let c = &run.classification;
        println!("==================== {}: {}", s.name, s.description);
        println!("{}", flowchart(c));
        println!(
            "---- delivered by SNS to the email subscriber (isolation took {} ms)",
            run.isolation.as_millis()
        );
        println!("Subject: {}\n\n{}", run.email.subject, run.email.message);
        println!(
            "---- delivered to the chat topic (Amazon Q custom notification)\n{}\n",
            run.chat.message
        );
        if (c.verdict, c.responsible) != (s.verdict, s.responsible) {
            wrong.push(format!(
                "{}: {:?}/{:?}, expected {:?}/{:?}",
                s.name, c.verdict, c.responsible, s.verdict, s.responsible
            ));
        }
    }
    println!("==================== summary");
    for s in &staged {
        println!(
            "{:<28} expected {:?} ({:?})",
            s.name, s.verdict, s.responsible
        );
    }
    if !wrong.is_empty() {
        anyhow::bail!("misclassified: {}", wrong.join("; "));
    }
    println!(
        "all {} scenarios classified as expected and their notifications delivered",
        staged.len()
    );
    Ok(())
}
