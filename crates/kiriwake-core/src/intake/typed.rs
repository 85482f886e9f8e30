//! The design card's event types — `aws_lambda_events` — where they are complete for what
//! AWS delivers: the EventBridge envelope (`EventBridgeEvent`) and an EC2 instance state
//! change (`InstanceStateChange`). Read with intake's own error words: the field's path and
//! what was expected.
//!
//! Where the crate's types are not complete, intake keeps its own reader, and says why
//! beside it: AWS Health (`Event` requires `endTime` and `eventDescription`, so an open
//! event fails, and lacks `statusCode`, `eventScopeCode`, `eventRegion`); an alarm's
//! configuration (`CloudWatchMetricDefinition` requires `metricStat`, so a metric-math alarm
//! fails; `CloudWatchAlarm`, the top of an alarm action, requires a strict `time`); RDS events
//! (no type); and every timestamp (chrono's strict RFC 3339, where a bad
//! or missing time should fall back to the delivery time and say so, not refuse the event).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::IntakeError;
use super::fields::Obj;

/// Reads `value` (found at `at`) as `T`, an error naming the field and, for a missing one,
/// what it holds (`expect`).
pub(crate) fn read<T: DeserializeOwned>(
    value: &Value,
    at: &str,
    expect: fn(&str) -> &'static str,
) -> Result<T, IntakeError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.inner().to_string();
        let path = e.path().to_string();
        let field = join(at, if path == "." { "" } else { &path });
        if let Some(name) = between(&inner, "missing field `", "`") {
            return IntakeError::MissingField {
                field: join(&field, name),
                expected: expect(name),
            };
        }
        if let Some(rest) = inner.strip_prefix("invalid type: ") {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            // Null is as good as absent, as intake's own reader has it.
            if kind(found) == "null" {
                let name = field.rsplit(['.', '[']).next().unwrap_or(&field).to_owned();
                return IntakeError::MissingField {
                    expected: expect(&name),
                    field,
                };
            }
            return IntakeError::WrongType {
                field,
                expected: kind(expected),
                found: kind(found),
            };
        }
        IntakeError::InvalidValue {
            field,
            expected: "the shape AWS documents for this event",
            found: inner,
        }
    })
}

/// `value` without the fields the crate's type must not see (`time`, read leniently by
/// intake; `detail`, read by intake or typed on its own), as an object.
pub(crate) fn view(top: &Obj<'_>, without: &[&str]) -> Value {
    let mut map: Map<String, Value> = top
        .map
        .iter()
        .filter(|(k, _)| !without.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // The type requires a `detail`; intake reads the real one itself.
    if without.contains(&"detail") {
        map.insert("detail".into(), Value::Null);
    }
    Value::Object(map)
}

fn join(at: &str, rest: &str) -> String {
    match (at.is_empty(), rest.is_empty()) {
        (_, true) => at.to_owned(),
        (true, false) => rest.to_owned(),
        (false, false) => format!("{at}.{rest}"),
    }
}

fn between<'s>(s: &'s str, start: &str, end: &str) -> Option<&'s str> {
    let rest = s.strip_prefix(start)?;
    rest.split_once(end).map(|(name, _)| name)
}

/// serde's words for a JSON kind ("integer `5`", "a sequence", "u16", "struct X"), as
/// intake's ("a number", "an array", "an object").
fn kind(serde: &str) -> &'static str {
    let word = serde.trim();
    let word = word
        .strip_prefix("a ")
        .or_else(|| word.strip_prefix("an "))
        .unwrap_or(word);
    match word.split([' ', '`']).next().unwrap_or_default() {
        "string" | "str" | "char" => "a string",
        "integer" | "floating" | "number" | "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32"
        | "i64" | "f32" | "f64" => "a number",
        "boolean" | "bool" => "a boolean",
        "map" | "struct" => "an object",
        "sequence" | "tuple" | "array" => "an array",
        "null" | "unit" | "option" => "null",
        _ => "another kind of value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lambda_events::event::eventbridge::EventBridgeEvent;
    use serde_json::json;

    fn none(_: &str) -> &'static str {
        "something"
    }

    #[test]
    fn serde_errors_become_intakes_words() {
        let missing = read::<EventBridgeEvent<Value>>(
            &json!({"source": "aws.ec2", "detail": null}),
            "",
            none,
        );
        assert_eq!(
            missing.unwrap_err(),
            IntakeError::MissingField {
                field: "detail-type".into(),
                expected: "something"
            }
        );
        let wrong = read::<EventBridgeEvent<Value>>(
            &json!({"source": "aws.ec2", "detail-type": "x", "detail": null, "resources": ["a", 7]}),
            "",
            none,
        );
        assert_eq!(
            wrong.unwrap_err(),
            IntakeError::WrongType {
                field: "resources[1]".into(),
                expected: "a string",
                found: "a number"
            }
        );
    }
}
