//! Reading JSON fields with errors that name the field's path and what was expected.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::IntakeError;
use crate::time::parse_aws_time;

/// A JSON object plus the path that led to it, so every error can say where.
#[derive(Debug, Clone)]
pub(crate) struct Obj<'a> {
    pub(crate) path: String,
    pub(crate) map: &'a Map<String, Value>,
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Obj<'a> {
    pub(crate) fn new(path: impl Into<String>, map: &'a Map<String, Value>) -> Self {
        Obj {
            path: path.into(),
            map,
        }
    }

    pub(crate) fn field_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn present(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn has(&self, key: &str) -> bool {
        self.present(key).is_some()
    }

    pub(crate) fn opt_str(&self, key: &str) -> Result<Option<&'a str>, IntakeError> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(IntakeError::WrongType {
                field: self.field_path(key),
                expected: "a string",
                found: type_name(other),
            }),
        }
    }

    /// A string that must be present and non-empty.
    pub(crate) fn req_str(
        &self,
        key: &str,
        expected: &'static str,
    ) -> Result<&'a str, IntakeError> {
        match self.opt_str(key)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(IntakeError::MissingField {
                field: self.field_path(key),
                expected,
            }),
        }
    }

    pub(crate) fn opt_obj(&self, key: &str) -> Result<Option<Obj<'a>>, IntakeError> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(Obj::new(self.field_path(key), map))),
            Some(other) => Err(IntakeError::WrongType {
                field: self.field_path(key),
                expected: "an object",
                found: type_name(other),
            }),
        }
    }

    pub(crate) fn req_obj(
        &self,
        key: &str,
        expected: &'static str,
    ) -> Result<Obj<'a>, IntakeError> {
        self.opt_obj(key)?.ok_or_else(|| IntakeError::MissingField {
            field: self.field_path(key),
            expected,
        })
    }

    pub(crate) fn opt_array(&self, key: &str) -> Result<&'a [Value], IntakeError> {
        match self.present(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items.as_slice()),
            Some(other) => Err(IntakeError::WrongType {
                field: self.field_path(key),
                expected: "an array",
                found: type_name(other),
            }),
        }
    }

    /// Strings of an optional array; non-string items are an error naming their index.
    pub(crate) fn opt_str_array(&self, key: &str) -> Result<Vec<&'a str>, IntakeError> {
        self.opt_array(key)?
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.as_str()),
                other => Err(IntakeError::WrongType {
                    field: format!("{}[{i}]", self.field_path(key)),
                    expected: "a string",
                    found: type_name(other),
                }),
            })
            .collect()
    }

    pub(crate) fn opt_u64(&self, key: &str) -> Result<Option<u64>, IntakeError> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_u64()),
            Some(Value::String(s)) => Ok(s.parse().ok()),
            Some(other) => Err(IntakeError::WrongType {
                field: self.field_path(key),
                expected: "a number",
                found: type_name(other),
            }),
        }
    }

    pub(crate) fn opt_bool(&self, key: &str) -> Result<Option<bool>, IntakeError> {
        match self.present(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(IntakeError::WrongType {
                field: self.field_path(key),
                expected: "a boolean",
                found: type_name(other),
            }),
        }
    }

    /// A timestamp that is allowed to be odd: an unparseable value is recorded in
    /// `notes` and treated as absent, so one bad field never rejects a real alarm.
    pub(crate) fn lenient_time(
        &self,
        key: &str,
        notes: &mut Vec<crate::incident::IntakeNote>,
    ) -> Result<Option<DateTime<Utc>>, IntakeError> {
        let Some(raw) = self.opt_str(key)? else {
            return Ok(None);
        };
        let parsed = parse_aws_time(raw);
        if parsed.is_none() {
            notes.push(crate::incident::IntakeNote::NotATimestamp {
                field: self.field_path(key),
                raw: crate::render::truncate_chars(raw, 64),
            });
        }
        Ok(parsed)
    }
}
