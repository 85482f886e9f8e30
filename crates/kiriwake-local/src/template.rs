//! `template.yaml` as the local flow deploys it: the state machine's EventBridge rules (their
//! patterns and `InputPath`s), the definition with its substitutions, and the functions'
//! environment — each read from the template itself and resolved the way CloudFormation
//! would, with the parameters' defaults unless overridden.
//!
//! The resolver knows the intrinsic functions the template uses (`Ref`, `Fn::GetAtt`,
//! `Fn::Sub`, `Fn::If`, `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Fn::Join`,
//! `Fn::Split`, `Condition`) in both their short (`!Ref`) and long forms; anything else is an error
//! that names it, never a silent guess.

use std::collections::BTreeMap;

use anyhow::{Context, anyhow, bail};
use serde_json::{Value as Json, json};
use serde_norway::Value as Yaml;

use crate::emulator::repo_root;

/// The logical id of the state machine whose `Events` are the isolation's triggers.
pub const STATE_MACHINE: &str = "IsolationStateMachine";

/// One EventBridge rule of the template, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Its key under the state machine's `Events` (`HealthEvents`, …).
    pub name: String,
    /// The event bus it is on (`EventBusName`); `None`: the default bus.
    pub bus: Option<String>,
    pub pattern: Json,
    /// What the rule's target sends: the whole event, or the part `InputPath` selects.
    pub input_path: Option<String>,
}

/// A rule of its own in the template (`AWS::Events::Rule`: the failure path), resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRule {
    pub logical_id: String,
    pub pattern: Json,
    pub targets: Vec<RuleTarget>,
}

/// Where a rule delivers, and what it sends there.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleTarget {
    /// A queue's or a topic's ARN.
    pub arn: String,
    /// `InputTransformer`: its `InputPathsMap` and `InputTemplate`; none sends the event.
    pub transformer: Option<(BTreeMap<String, String>, String)>,
}

impl RuleTarget {
    /// What the target receives for `event`, as EventBridge delivers it: the event, or the
    /// template with each `<name>` replaced by what its path selects — a string's text as it
    /// is, anything else as JSON, nothing when the event has no such field — and the rest of
    /// the template (its quotes too) left as written.
    pub fn input(&self, event: &Json) -> String {
        let Some((paths, template)) = &self.transformer else {
            return event.to_string();
        };
        // One pass, as EventBridge does: a value that holds `<name>` is not read again.
        let mut out = String::new();
        let mut rest = template.as_str();
        while let Some(open) = rest.find('<') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let path = after
                .find('>')
                .and_then(|close| paths.get(&after[..close]).map(|p| (close, p)));
            match path {
                Some((close, path)) => {
                    match select(event, Some(path)) {
                        Ok(Json::String(s)) => out.push_str(&s),
                        Ok(other) => out.push_str(&other.to_string()),
                        Err(_) => {}
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('<');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A function of the template: its logical id and the binary `sam build` packages for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub logical_id: String,
    pub binary: String,
}

/// How Lambda ends a function's asynchronous invocations (its `AWS::Lambda::EventInvokeConfig`
/// for `$LATEST`, what an alarm action invokes), as far as the local flow follows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AsyncInvoke {
    pub retries: u32,
    /// The ARN of the on-success destination (an event bus's, a queue's, …).
    pub on_success_destination: Option<String>,
    /// The logical id of the on-failure destination.
    pub on_failure: Option<String>,
}

/// Where the stack lives locally: the physical names CloudFormation would have created.
#[derive(Debug, Clone, Default)]
pub struct Physical {
    pub region: String,
    pub account: String,
    /// Logical id → what `Ref` gives (a topic's ARN, a queue's URL, a function's name).
    pub refs: BTreeMap<String, String>,
    /// `Logical.Attribute` → what `Fn::GetAtt` gives.
    pub attributes: BTreeMap<String, String>,
}

impl Physical {
    /// The ARN the stack's function would have: here its name is its binary's, which is
    /// how the local Lambda Runtime API emulator serves it.
    pub fn function_arn(&self, binary: &str) -> String {
        format!(
            "arn:aws:lambda:{}:{}:function:{binary}",
            self.region, self.account
        )
    }
}

/// The template, parsed, with parameter values chosen.
#[derive(Debug, Clone)]
pub struct Template {
    doc: Yaml,
    parameters: BTreeMap<String, Json>,
}

fn tag_name(tag: &serde_norway::value::Tag) -> String {
    tag.to_string().trim_start_matches('!').to_owned()
}

/// `Fn::X` / `!X` / `Ref` / `Condition` → the function's long name and its argument.
fn intrinsic(v: &Yaml) -> Option<(String, &Yaml)> {
    match v {
        Yaml::Tagged(t) => {
            let name = tag_name(&t.tag);
            let long = if name == "Ref" || name == "Condition" {
                name
            } else {
                format!("Fn::{name}")
            };
            Some((long, &t.value))
        }
        Yaml::Mapping(m) if m.len() == 1 => {
            let (k, arg) = m.iter().next()?;
            let k = k.as_str()?;
            (k == "Ref" || k == "Condition" || k.starts_with("Fn::")).then(|| (k.to_owned(), arg))
        }
        _ => None,
    }
}

fn scalar(v: &Yaml) -> Option<Json> {
    match v {
        Yaml::Null => Some(Json::Null),
        Yaml::Bool(b) => Some(json!(b)),
        Yaml::Number(n) => serde_json::to_value(n).ok(),
        Yaml::String(s) => Some(json!(s)),
        _ => None,
    }
}

fn args<'a>(name: &str, v: &'a Yaml, n: usize) -> anyhow::Result<&'a [Yaml]> {
    match v.as_sequence() {
        Some(items) if items.len() == n => Ok(items),
        _ => bail!("{name} takes a list of {n}, found {v:?}"),
    }
}

fn as_text(v: &Json) -> anyhow::Result<String> {
    match v {
        Json::String(s) => Ok(s.clone()),
        Json::Number(n) => Ok(n.to_string()),
        Json::Bool(b) => Ok(b.to_string()),
        other => bail!("expected text, found {other}"),
    }
}

impl Template {
    /// Reads the repository's `template.yaml`; `overrides` replace parameter defaults.
    pub fn load(overrides: &BTreeMap<String, String>) -> anyhow::Result<Template> {
        let path = repo_root().join("template.yaml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Template::parse(&text, overrides)
    }

    pub fn parse(text: &str, overrides: &BTreeMap<String, String>) -> anyhow::Result<Template> {
        let doc: Yaml = serde_norway::from_str(text).context("template.yaml is not YAML")?;
        let mut parameters = BTreeMap::new();
        for (name, p) in doc["Parameters"].as_mapping().into_iter().flatten() {
            let name = name.as_str().context("a parameter name")?.to_owned();
            let raw = match overrides.get(&name) {
                Some(v) => v.clone(),
                None => match scalar(&p["Default"]) {
                    Some(Json::String(s)) => s,
                    Some(Json::Null) | None => {
                        bail!("parameter {name} has no default: pass --parameter {name}=VALUE")
                    }
                    Some(other) => other.to_string(),
                },
            };
            if let Some(allowed) = p["AllowedValues"].as_sequence() {
                let ok = allowed
                    .iter()
                    .filter_map(scalar)
                    .any(|a| as_text(&a).is_ok_and(|a| a == raw));
                if !ok {
                    bail!("parameter {name}={raw} is not one of its AllowedValues");
                }
            }
            // As CloudFormation checks it at deploy time: the whole value (each element of a
            // list) must match.
            if let Some(pattern) = p["AllowedPattern"].as_str() {
                let re = regex_lite::Regex::new(&format!("^(?:{pattern})$"))
                    .with_context(|| format!("parameter {name}: AllowedPattern {pattern}"))?;
                let values: Vec<&str> = if p["Type"].as_str() == Some("CommaDelimitedList") {
                    raw.split(',').map(str::trim).collect()
                } else {
                    vec![raw.as_str()]
                };
                if let Some(bad) = values.iter().find(|v| !re.is_match(v)) {
                    bail!("parameter {name}={bad:?} does not match its AllowedPattern {pattern}");
                }
            }
            let value = if p["Type"].as_str() == Some("CommaDelimitedList") {
                json!(raw.split(',').map(str::trim).collect::<Vec<_>>())
            } else {
                json!(raw)
            };
            parameters.insert(name, value);
        }
        if let Some(unknown) = overrides.keys().find(|k| !parameters.contains_key(*k)) {
            bail!("template.yaml has no parameter {unknown}");
        }
        Ok(Template { doc, parameters })
    }

    fn resource(&self, logical_id: &str) -> anyhow::Result<&Yaml> {
        let r = &self.doc["Resources"][logical_id];
        if r.is_null() {
            bail!("template.yaml has no resource {logical_id}");
        }
        Ok(r)
    }

    /// The logical ids of the resources of one type.
    fn logical_ids(&self, kind: &str) -> anyhow::Result<Vec<String>> {
        let mut out = Vec::new();
        for (id, r) in self.doc["Resources"].as_mapping().into_iter().flatten() {
            if r["Type"].as_str() == Some(kind) {
                out.push(id.as_str().context("a resource id")?.to_owned());
            }
        }
        Ok(out)
    }

    /// The logical ids of the stack's own event buses (`AWS::Events::EventBus`).
    pub fn event_buses(&self) -> anyhow::Result<Vec<String>> {
        self.logical_ids("AWS::Events::EventBus")
    }

    /// The stack's DynamoDB tables (`AWS::DynamoDB::Table`): logical id and the properties
    /// that shape its items (`KeySchema`, `AttributeDefinitions`,
    /// `TimeToLiveSpecification`), resolved. Encryption and backups have no local meaning.
    pub fn tables(&self, physical: &Physical) -> anyhow::Result<Vec<(String, Json)>> {
        let mut out = Vec::new();
        for id in self.logical_ids("AWS::DynamoDB::Table")? {
            let props = &self.resource(&id)?["Properties"];
            let mut shape = serde_json::Map::new();
            for key in [
                "KeySchema",
                "AttributeDefinitions",
                "TimeToLiveSpecification",
            ] {
                if let Some(v) = self.resolve(&props[key], physical)? {
                    shape.insert(key.into(), v);
                }
            }
            out.push((id, Json::Object(shape)));
        }
        Ok(out)
    }

    /// Every `AWS::Serverless::Function` and its binary.
    pub fn functions(&self) -> anyhow::Result<Vec<Function>> {
        let mut out = Vec::new();
        for logical_id in self.logical_ids("AWS::Serverless::Function")? {
            let binary = self.resource(&logical_id)?["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .with_context(|| format!("{logical_id} names no Metadata.BuildProperties.Binary"))?
                .to_owned();
            out.push(Function { logical_id, binary });
        }
        Ok(out)
    }

    /// How asynchronous invocations of a function's `$LATEST` end: the
    /// `AWS::Lambda::EventInvokeConfig` that names it — the retries Lambda makes (2 when
    /// unset), the ARN of its on-success destination, and the resource its on-failure
    /// destination names. None for that function is an error: the alarm-action path needs it.
    pub fn async_invoke(
        &self,
        logical_id: &str,
        physical: &Physical,
    ) -> anyhow::Result<AsyncInvoke> {
        let mut configs = Vec::new();
        for id in self.logical_ids("AWS::Lambda::EventInvokeConfig")? {
            let props = &self.resource(&id)?["Properties"];
            let names = match &props["FunctionName"] {
                Yaml::Tagged(t) => t.value.as_str() == Some(logical_id),
                _ => false,
            };
            if names && props["Qualifier"].as_str() == Some("$LATEST") {
                configs.push(props);
            }
        }
        let config = match configs.as_slice() {
            [one] => *one,
            [] => bail!("no AWS::Lambda::EventInvokeConfig names {logical_id} ($LATEST)"),
            _ => bail!("more than one AWS::Lambda::EventInvokeConfig names {logical_id} ($LATEST)"),
        };
        let retries = match &config["MaximumRetryAttempts"] {
            Yaml::Null => 2,
            v => v
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .with_context(|| format!("{logical_id}: MaximumRetryAttempts is not a number"))?,
        };
        let destinations = &config["DestinationConfig"];
        let on_failure = match &destinations["OnFailure"]["Destination"] {
            Yaml::Tagged(t) => t
                .value
                .as_str()
                .and_then(|v| v.split('.').next())
                .map(str::to_owned),
            _ => None,
        };
        let on_success_destination =
            match self.resolve(&destinations["OnSuccess"]["Destination"], physical)? {
                None | Some(Json::Null) => None,
                Some(d) => Some(as_text(&d)?),
            };
        Ok(AsyncInvoke {
            retries,
            on_success_destination,
            on_failure,
        })
    }

    /// The template's own `AWS::Events::Rule` resources (on the default bus), resolved.
    pub fn event_rules(&self, physical: &Physical) -> anyhow::Result<Vec<EventRule>> {
        let mut out = Vec::new();
        for id in self.logical_ids("AWS::Events::Rule")? {
            let props = &self.resource(&id)?["Properties"];
            if !props["EventBusName"].is_null() {
                bail!("{id}.EventBusName: only rules on the default bus are staged locally");
            }
            let pattern = self
                .resolve(&props["EventPattern"], physical)
                .with_context(|| format!("{id}.EventPattern"))?
                .with_context(|| format!("{id} has no EventPattern"))?;
            let mut targets = Vec::new();
            for t in props["Targets"].as_sequence().into_iter().flatten() {
                for unsupported in ["Input", "InputPath"] {
                    if !t[unsupported].is_null() {
                        bail!("{id}.Targets.{unsupported} is not staged locally");
                    }
                }
                let arn = self
                    .resolve(&t["Arn"], physical)
                    .with_context(|| format!("{id}.Targets.Arn"))?
                    .with_context(|| format!("{id}: a target without Arn"))?;
                let transformer = match self.resolve(&t["InputTransformer"], physical)? {
                    None | Some(Json::Null) => None,
                    Some(it) => {
                        let paths = it["InputPathsMap"]
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(k, v)| Ok((k.clone(), as_text(v)?)))
                            .collect::<anyhow::Result<BTreeMap<_, _>>>()?;
                        Some((paths, as_text(&it["InputTemplate"])?))
                    }
                };
                targets.push(RuleTarget {
                    arn: as_text(&arn)?,
                    transformer,
                });
            }
            out.push(EventRule {
                logical_id: id,
                pattern,
                targets,
            });
        }
        Ok(out)
    }

    /// The state machine's `EventBridgeRule` events, resolved.
    pub fn rules(&self, physical: &Physical) -> anyhow::Result<Vec<Rule>> {
        let events = self.resource(STATE_MACHINE)?["Properties"]["Events"]
            .as_mapping()
            .with_context(|| format!("{STATE_MACHINE} has no Events"))?;
        let mut out = Vec::new();
        for (name, event) in events {
            let name = name.as_str().context("an event name")?.to_owned();
            if event["Type"].as_str() != Some("EventBridgeRule") {
                bail!("{STATE_MACHINE}.Events.{name}: only EventBridgeRule runs locally");
            }
            let props = &event["Properties"];
            for unsupported in ["Input", "InputTransformer"] {
                if !props[unsupported].is_null() {
                    bail!("{STATE_MACHINE}.Events.{name}.{unsupported} is not staged locally");
                }
            }
            let pattern = self
                .resolve(&props["Pattern"], physical)
                .with_context(|| format!("{STATE_MACHINE}.Events.{name}.Pattern"))?
                .with_context(|| format!("{STATE_MACHINE}.Events.{name} has no Pattern"))?;
            let input_path = match self.resolve(&props["InputPath"], physical)? {
                None | Some(Json::Null) => None,
                Some(p) => Some(as_text(&p)?),
            };
            let bus = match self.resolve(&props["EventBusName"], physical)? {
                None | Some(Json::Null) => None,
                Some(b) => Some(as_text(&b)?),
            };
            out.push(Rule {
                name,
                bus,
                pattern,
                input_path,
            });
        }
        Ok(out)
    }

    /// The state machine's definition with `DefinitionSubstitutions` applied, as SAM does.
    pub fn definition(&self, physical: &Physical) -> anyhow::Result<String> {
        let props = &self.resource(STATE_MACHINE)?["Properties"];
        let uri = props["DefinitionUri"]
            .as_str()
            .with_context(|| format!("{STATE_MACHINE} has no DefinitionUri"))?;
        let path = repo_root().join(uri);
        let mut text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let subs = self
            .resolve(&props["DefinitionSubstitutions"], physical)?
            .unwrap_or(Json::Null);
        for (key, value) in subs.as_object().into_iter().flatten() {
            text = text.replace(&format!("${{{key}}}"), &as_text(value)?);
        }
        if let Some(at) = text.find("${") {
            let rest: String = text[at..].chars().take(40).collect();
            bail!("{uri}: no substitution for {rest}…");
        }
        Ok(text)
    }

    /// The functions' environment: `Globals` and each function's own variables. One process
    /// serves every function locally, so a variable two functions set differently is an error.
    pub fn environment(&self, physical: &Physical) -> anyhow::Result<BTreeMap<String, String>> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        let mut sources = vec![&self.doc["Globals"]["Function"]["Environment"]["Variables"]];
        for f in self.functions()? {
            sources.push(&self.resource(&f.logical_id)?["Properties"]["Environment"]["Variables"]);
        }
        for vars in sources {
            let resolved = self.resolve(vars, physical)?.unwrap_or(Json::Null);
            for (k, v) in resolved.as_object().into_iter().flatten() {
                let v = as_text(v).with_context(|| format!("environment variable {k}"))?;
                if let Some(prev) = out.insert(k.clone(), v.clone())
                    && prev != v
                {
                    bail!("environment variable {k} differs between functions ({prev} / {v})");
                }
            }
        }
        Ok(out)
    }

    fn condition(&self, name: &str, physical: &Physical) -> anyhow::Result<bool> {
        let c = &self.doc["Conditions"][name];
        if c.is_null() {
            bail!("template.yaml has no condition {name}");
        }
        match self.resolve(c, physical)? {
            Some(Json::Bool(b)) => Ok(b),
            other => bail!("condition {name} is not true or false: {other:?}"),
        }
    }

    fn reference(&self, name: &str, physical: &Physical) -> anyhow::Result<Json> {
        match name {
            "AWS::Region" => return Ok(json!(physical.region)),
            "AWS::AccountId" => return Ok(json!(physical.account)),
            "AWS::Partition" => return Ok(json!("aws")),
            "AWS::StackName" => return Ok(json!("kiriwake")),
            "AWS::URLSuffix" => return Ok(json!("amazonaws.com")),
            _ => {}
        }
        if let Some(p) = self.parameters.get(name) {
            return Ok(p.clone());
        }
        physical
            .refs
            .get(name)
            .map(|v| json!(v))
            .ok_or_else(|| anyhow!("Ref {name}: not staged locally"))
    }

    fn attribute(&self, target: &str, physical: &Physical) -> anyhow::Result<Json> {
        physical
            .attributes
            .get(target)
            .map(|v| json!(v))
            .ok_or_else(|| anyhow!("Fn::GetAtt {target}: not staged locally"))
    }

    fn sub(
        &self,
        text: &str,
        vars: &BTreeMap<String, Json>,
        physical: &Physical,
    ) -> anyhow::Result<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find("${") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            let end = after
                .find('}')
                .with_context(|| format!("Fn::Sub {text}: unclosed ${{"))?;
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else {
                let value = match vars.get(name) {
                    Some(v) => v.clone(),
                    None if name.contains('.') && !name.starts_with("AWS::") => {
                        self.attribute(name, physical)?
                    }
                    None => self.reference(name, physical)?,
                };
                out.push_str(&as_text(&value)?);
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// Resolves `v` to JSON; `None` is `AWS::NoValue` (or nothing there).
    pub fn resolve(&self, v: &Yaml, physical: &Physical) -> anyhow::Result<Option<Json>> {
        if let Some((name, arg)) = intrinsic(v) {
            return self.call(&name, arg, physical);
        }
        match v {
            Yaml::Null => Ok(None),
            Yaml::Sequence(items) => {
                let mut out = Vec::new();
                for i in items {
                    if let Some(j) = self.resolve(i, physical)? {
                        out.push(j);
                    }
                }
                Ok(Some(Json::Array(out)))
            }
            Yaml::Mapping(m) => {
                let mut out = serde_json::Map::new();
                for (k, val) in m {
                    let k = k.as_str().context("a mapping key")?;
                    if let Some(j) = self.resolve(val, physical)? {
                        out.insert(k.to_owned(), j);
                    }
                }
                Ok(Some(Json::Object(out)))
            }
            Yaml::Tagged(t) => bail!("unknown tag {}", t.tag),
            other => Ok(scalar(other)),
        }
    }

    fn resolved(&self, v: &Yaml, physical: &Physical) -> anyhow::Result<Json> {
        self.resolve(v, physical)?
            .ok_or_else(|| anyhow!("AWS::NoValue where a value is needed"))
    }

    fn call(&self, name: &str, arg: &Yaml, physical: &Physical) -> anyhow::Result<Option<Json>> {
        let value = match name {
            "Ref" => {
                let target = arg.as_str().context("Ref takes a name")?;
                if target == "AWS::NoValue" {
                    return Ok(None);
                }
                self.reference(target, physical)?
            }
            "Condition" => {
                json!(self.condition(arg.as_str().context("Condition takes a name")?, physical)?)
            }
            "Fn::GetAtt" => {
                let target = match arg {
                    Yaml::String(s) => s.clone(),
                    Yaml::Sequence(parts) => parts
                        .iter()
                        .filter_map(Yaml::as_str)
                        .collect::<Vec<_>>()
                        .join("."),
                    other => bail!("Fn::GetAtt takes Logical.Attribute, found {other:?}"),
                };
                self.attribute(&target, physical)?
            }
            "Fn::Sub" => {
                let (text, vars) = match arg {
                    Yaml::String(s) => (s.as_str(), BTreeMap::new()),
                    Yaml::Sequence(parts) if parts.len() == 2 => {
                        let text = parts[0].as_str().context("Fn::Sub text")?;
                        let mut vars = BTreeMap::new();
                        for (k, v) in parts[1].as_mapping().into_iter().flatten() {
                            let k = k.as_str().context("Fn::Sub variable")?.to_owned();
                            vars.insert(k, self.resolved(v, physical)?);
                        }
                        (text, vars)
                    }
                    other => bail!("Fn::Sub takes text or [text, variables], found {other:?}"),
                };
                json!(self.sub(text, &vars, physical)?)
            }
            "Fn::If" => {
                let a = args(name, arg, 3)?;
                let cond = a[0].as_str().context("Fn::If condition name")?;
                let branch = if self.condition(cond, physical)? {
                    &a[1]
                } else {
                    &a[2]
                };
                return self.resolve(branch, physical);
            }
            "Fn::Equals" => {
                let a = args(name, arg, 2)?;
                json!(self.resolved(&a[0], physical)? == self.resolved(&a[1], physical)?)
            }
            "Fn::Not" => {
                let a = args(name, arg, 1)?;
                match self.resolved(&a[0], physical)? {
                    Json::Bool(b) => json!(!b),
                    other => bail!("Fn::Not of {other}"),
                }
            }
            "Fn::And" | "Fn::Or" => {
                let mut values = Vec::new();
                for a in arg.as_sequence().context("Fn::And/Or takes a list")? {
                    match self.resolved(a, physical)? {
                        Json::Bool(b) => values.push(b),
                        other => bail!("{name} of {other}"),
                    }
                }
                json!(if name == "Fn::And" {
                    values.iter().all(|b| *b)
                } else {
                    values.iter().any(|b| *b)
                })
            }
            "Fn::Split" => {
                let a = args(name, arg, 2)?;
                let sep = a[0].as_str().context("Fn::Split separator")?;
                let text = as_text(&self.resolved(&a[1], physical)?)?;
                json!(text.split(sep).collect::<Vec<_>>())
            }
            "Fn::Join" => {
                let a = args(name, arg, 2)?;
                let sep = a[0].as_str().context("Fn::Join separator")?;
                let items = match self.resolved(&a[1], physical)? {
                    Json::Array(items) => items,
                    other => bail!("Fn::Join of {other}"),
                };
                let parts: anyhow::Result<Vec<String>> = items.iter().map(as_text).collect();
                json!(parts?.join(sep))
            }
            other => bail!("{other} is not resolved locally"),
        };
        Ok(Some(value))
    }
}

/// The part of `event` a rule's `InputPath` selects (`$`, or `$.a.b` paths).
pub fn select(event: &Json, input_path: Option<&str>) -> anyhow::Result<Json> {
    let Some(path) = input_path else {
        return Ok(event.clone());
    };
    let rest = path
        .strip_prefix('$')
        .with_context(|| format!("InputPath {path} does not start with $"))?;
    let mut at = event;
    for key in rest.split('.').skip(1) {
        if key.is_empty() || key.contains(['[', '*', '?']) {
            bail!("InputPath {path}: only $.a.b paths are staged locally");
        }
        at = at
            .get(key)
            .with_context(|| format!("InputPath {path}: the event has no {key}"))?;
    }
    Ok(at.clone())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn physical() -> Physical {
        let mut p = Physical {
            region: "ap-northeast-1".into(),
            account: "123456789012".into(),
            ..Physical::default()
        };
        p.attributes
            .insert("Fn.Arn".into(), p.function_arn("kiriwake-intake"));
        p.refs.insert("Topic".into(), "arn:aws:sns:x:1:t".into());
        p
    }

    const T: &str = r#"
Parameters:
  Prefix: {Type: String, Default: ""}
  Codes: {Type: CommaDelimitedList, Default: ""}
  Lang: {Type: String, Default: en, AllowedValues: [en, ja]}
Conditions:
  HasPrefix: !Not [!Equals [!Ref Prefix, ""]]
  HasCodes: !Not [!Equals [!Join ["", !Ref Codes], ""]]
Resources:
  Machine: {}
"#;

    #[test]
    fn conditions_follow_the_parameters() {
        let p = physical();
        let t = Template::parse(T, &BTreeMap::new()).unwrap();
        let v: Yaml = serde_norway::from_str(
            "x: !If [HasPrefix, [{prefix: !Ref Prefix}], [{anything-but: {prefix: self-}}]]\ny: !If [HasCodes, !Ref Codes, [{exists: true}]]",
        )
        .unwrap();
        assert_eq!(
            t.resolve(&v, &p).unwrap().unwrap(),
            json!({"x": [{"anything-but": {"prefix": "self-"}}], "y": [{"exists": true}]})
        );
        let over = BTreeMap::from([
            ("Prefix".to_owned(), "prod-".to_owned()),
            ("Codes".to_owned(), "A, B".to_owned()),
        ]);
        let t = Template::parse(T, &over).unwrap();
        assert_eq!(
            t.resolve(&v, &p).unwrap().unwrap(),
            json!({"x": [{"prefix": "prod-"}], "y": ["A", "B"]})
        );
    }

    #[test]
    fn sub_and_getatt_name_the_local_resources() {
        let p = physical();
        let t = Template::parse(T, &BTreeMap::new()).unwrap();
        let v: Yaml = serde_norway::from_str(
            "a: !GetAtt Fn.Arn\nb: !Sub \"${Fn.Arn}:\"\nc: !Sub arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:x/${!Literal}\nd: {Ref: Topic}\ne: {\"Fn::If\": [HasPrefix, 1, !Ref AWS::NoValue]}",
        )
        .unwrap();
        assert_eq!(
            t.resolve(&v, &p).unwrap().unwrap(),
            json!({
                "a": "arn:aws:lambda:ap-northeast-1:123456789012:function:kiriwake-intake",
                "b": "arn:aws:lambda:ap-northeast-1:123456789012:function:kiriwake-intake:",
                "c": "arn:aws:events:ap-northeast-1:123456789012:x/${Literal}",
                "d": "arn:aws:sns:x:1:t",
            })
        );
    }

    #[test]
    fn what_is_not_staged_is_an_error_that_names_it() {
        let p = physical();
        let t = Template::parse(T, &BTreeMap::new()).unwrap();
        for (yaml, named) in [
            ("!GetAtt Queue.Arn", "Queue.Arn"),
            ("!Ref Nothing", "Nothing"),
            ("!Select [0, [a]]", "Fn::Select"),
            ("!If [Missing, 1, 2]", "Missing"),
        ] {
            let v: Yaml = serde_norway::from_str(yaml).unwrap();
            let err = format!("{:#}", t.resolve(&v, &p).unwrap_err());
            assert!(err.contains(named), "{yaml}: {err}");
        }
        let bad = BTreeMap::from([("Lang".to_owned(), "fr".to_owned())]);
        assert!(Template::parse(T, &bad).is_err());
        let unknown = BTreeMap::from([("Nope".to_owned(), "x".to_owned())]);
        assert!(Template::parse(T, &unknown).is_err());
    }

    #[test]
    fn input_path_selects_like_eventbridge() {
        let e = json!({"detail": {"requestPayload": {"a": 1}}});
        assert_eq!(select(&e, None).unwrap(), e);
        assert_eq!(
            select(&e, Some("$.detail.requestPayload")).unwrap(),
            json!({"a": 1})
        );
        assert!(select(&e, Some("$.detail.missing")).is_err());
        assert!(select(&e, Some("$.detail[0]")).is_err());
    }
}
