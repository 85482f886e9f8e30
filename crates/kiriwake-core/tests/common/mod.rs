//! What the rendering tests share: the check that Japanese text carries no English sentence.

/// AWS's names that no pattern of [`english_runs`] recognises as names.
const AWS_NAMES: [&str; 2] = ["Elastic Load Balancing", "Data Lifecycle Manager"];

/// Runs of three or more English words, outside quotes, identifiers (ids, ARNs, metric
/// names, codes with digits, underscores, dots, colons, slashes or hyphens) and the names
/// of AWS's services and products ("Amazon Elastic Compute Cloud", "AWS Health Dashboard",
/// "Elastic Load Balancing"), which are AWS's own words in every language.
pub fn english_runs(text: &str) -> Vec<String> {
    let quoted = regex_lite::Regex::new(r#""[^"]*"|「[^」]*」"#).unwrap();
    let product = regex_lite::Regex::new(r"\b(?:Amazon|AWS)(?: [A-Z][A-Za-z0-9]*)+").unwrap();
    let identifier = regex_lite::Regex::new(r"\S*[0-9_:/.\-]\S*|\b[A-Z][A-Z0-9_]+\b").unwrap();
    let run = regex_lite::Regex::new(r"(?:\b[A-Za-z]{2,}\b[ ,]+){2,}\b[A-Za-z]{2,}\b").unwrap();
    let mut text = quoted.replace_all(text, " ").into_owned();
    for name in AWS_NAMES {
        text = text.replace(name, " ");
    }
    let text = product.replace_all(&text, " ");
    let text = identifier.replace_all(&text, " ");
    run.find_iter(&text)
        .map(|m| m.as_str().to_owned())
        .collect()
}
