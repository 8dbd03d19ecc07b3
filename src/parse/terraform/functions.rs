//! Terraform's built-in functions that ailint evaluates on known arguments (string, collection,
//! numeric, encoding and type conversion). A function it does not know, or an unknown argument
//! where the result depends on it, makes the call unknown.

use serde_json::{Map, Value};

use super::value::{as_bool, as_f64, float, known, to_text, write_terraform_json, Fail};
use crate::parse::values::{contains_unknown, is_unknown};

type Eval = Result<Value, Fail>;

/// Calls `name` with evaluated `args` (which may be, or hold, unknowns).
pub fn call(name: &str, args: Vec<Value>) -> Eval {
    match name {
        // Functions that accept partially unknown collections.
        "merge" => merge(args),
        "concat" => {
            let mut out = Vec::new();
            for a in args {
                out.extend(list(known(a)?)?);
            }
            Ok(Value::Array(out))
        }
        "tolist" => one(args).and_then(list).map(Value::Array),
        "toset" => one(args)
            .and_then(list)
            .map(|items| Value::Array(dedup(items))),
        "tomap" => match one(args)? {
            Value::Object(m) => Ok(Value::Object(m)),
            _ => Err(Fail::Error),
        },
        "lookup" => lookup(args),
        "coalesce" => {
            for a in args {
                match known(a)? {
                    Value::Null => {}
                    Value::String(s) if s.is_empty() => {}
                    v => return Ok(v),
                }
            }
            Err(Fail::Error)
        }
        "coalescelist" => {
            for a in args {
                let items = list(known(a)?)?;
                if !items.is_empty() {
                    return Ok(Value::Array(items));
                }
            }
            Err(Fail::Error)
        }
        "length" => match one(args)? {
            Value::Array(items) => Ok(Value::from(items.len())),
            Value::Object(map) => Ok(Value::from(map.len())),
            Value::String(s) => Ok(Value::from(s.chars().count())),
            _ => Err(Fail::Error),
        },
        "keys" => match one(args)? {
            Value::Object(map) => Ok(Value::Array(
                sorted_keys(&map).into_iter().map(Value::String).collect(),
            )),
            _ => Err(Fail::Error),
        },
        "values" => match one(args)? {
            Value::Object(map) => Ok(Value::Array(
                sorted_keys(&map)
                    .into_iter()
                    .filter_map(|k| map.get(&k).cloned())
                    .collect(),
            )),
            _ => Err(Fail::Error),
        },
        "element" => {
            let [items, i] = two(args)?;
            let items = list(items)?;
            let i = as_f64(&known(i)?).ok_or(Fail::Error)?;
            if items.is_empty() || i < 0.0 {
                return Err(Fail::Error);
            }
            Ok(items[(i as usize) % items.len()].clone())
        }
        "one" => {
            let items = list(one(args)?)?;
            match items.len() {
                0 => Ok(Value::Null),
                1 => Ok(items[0].clone()),
                _ => Err(Fail::Error),
            }
        }
        "contains" => {
            let [items, v] = two(args)?;
            let v = known(v)?;
            let items = list(items)?;
            if items.iter().any(is_unknown) {
                return Err(Fail::Unknown);
            }
            Ok(Value::Bool(items.contains(&v)))
        }
        "flatten" => {
            let mut out = Vec::new();
            flatten(list(one(args)?)?, &mut out)?;
            Ok(Value::Array(out))
        }
        "distinct" => one(args)
            .and_then(list)
            .map(|items| Value::Array(dedup_keep(items))),
        "compact" => Ok(Value::Array(
            list(one(args)?)?
                .into_iter()
                .filter(|v| !matches!(v, Value::Null) && v.as_str() != Some(""))
                .collect(),
        )),
        "zipmap" => {
            let [ks, vs] = two(args)?;
            let (ks, vs) = (list(ks)?, list(vs)?);
            let mut map = Map::new();
            for (k, v) in ks.iter().zip(vs) {
                map.insert(to_text(&known(k.clone())?)?, v);
            }
            Ok(Value::Object(map))
        }
        "jsonencode" => {
            let v = one(args)?;
            if contains_unknown(&v) {
                return Err(Fail::Unknown);
            }
            let mut out = String::new();
            write_terraform_json(&v, &mut out);
            Ok(Value::String(out))
        }
        "jsondecode" => serde_json::from_str(&text(one(args)?)?).map_err(|_| Fail::Error),
        _ => scalar_call(name, args),
    }
}

/// Functions whose arguments must all be fully known.
fn scalar_call(name: &str, args: Vec<Value>) -> Eval {
    if args.iter().any(contains_unknown) {
        return Err(Fail::Unknown);
    }
    match name {
        "lower" => Ok(Value::String(text(one(args)?)?.to_lowercase())),
        "upper" => Ok(Value::String(text(one(args)?)?.to_uppercase())),
        "trimspace" => Ok(Value::String(text(one(args)?)?.trim().to_string())),
        "tostring" => match one(args)? {
            Value::Null => Ok(Value::Null),
            v => to_text(&v).map(Value::String),
        },
        "tonumber" => match one(args)? {
            Value::Null => Ok(Value::Null),
            v => as_f64(&v).map(float).ok_or(Fail::Error),
        },
        "tobool" => match one(args)? {
            Value::Null => Ok(Value::Null),
            v => as_bool(&v).map(Value::Bool).ok_or(Fail::Error),
        },
        "join" => {
            let [sep, items] = two(args)?;
            let sep = text(sep)?;
            let parts: Result<Vec<String>, Fail> = list(items)?.iter().map(to_text).collect();
            Ok(Value::String(parts?.join(&sep)))
        }
        "split" => {
            let [sep, s] = two(args)?;
            let (sep, s) = (text(sep)?, text(s)?);
            if sep.is_empty() {
                return Err(Fail::Error);
            }
            Ok(Value::Array(
                s.split(sep.as_str())
                    .map(|p| Value::String(p.to_string()))
                    .collect(),
            ))
        }
        "replace" => {
            let [s, from, to] = three(args)?;
            let (s, from, to) = (text(s)?, text(from)?, text(to)?);
            // `/regex/` patterns use RE2 syntax, which the regex crate follows closely.
            if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                let re = regex::Regex::new(&from[1..from.len() - 1]).map_err(|_| Fail::Error)?;
                let to = to.replace("$", "$$").replace("$${", "${");
                return Ok(Value::String(re.replace_all(&s, to.as_str()).into_owned()));
            }
            Ok(Value::String(s.replace(&from, &to)))
        }
        "substr" => {
            let [s, offset, length] = three(args)?;
            let chars: Vec<char> = text(s)?.chars().collect();
            let offset = as_f64(&offset).ok_or(Fail::Error)? as i64;
            let length = as_f64(&length).ok_or(Fail::Error)? as i64;
            let start = if offset < 0 {
                (chars.len() as i64 + offset).max(0)
            } else {
                offset.min(chars.len() as i64)
            } as usize;
            let end = if length < 0 {
                chars.len()
            } else {
                (start + length as usize).min(chars.len())
            };
            Ok(Value::String(chars[start..end].iter().collect()))
        }
        "startswith" => {
            let [s, p] = two(args)?;
            Ok(Value::Bool(text(s)?.starts_with(&text(p)?)))
        }
        "endswith" => {
            let [s, p] = two(args)?;
            Ok(Value::Bool(text(s)?.ends_with(&text(p)?)))
        }
        "trimprefix" => {
            let [s, p] = two(args)?;
            let (s, p) = (text(s)?, text(p)?);
            Ok(Value::String(s.strip_prefix(&p).unwrap_or(&s).to_string()))
        }
        "trimsuffix" => {
            let [s, p] = two(args)?;
            let (s, p) = (text(s)?, text(p)?);
            Ok(Value::String(s.strip_suffix(&p).unwrap_or(&s).to_string()))
        }
        "format" => format(args),
        "min" | "max" => {
            let nums: Option<Vec<f64>> = args.iter().map(as_f64).collect();
            let nums = nums.filter(|n| !n.is_empty()).ok_or(Fail::Error)?;
            let pick = if name == "min" { f64::min } else { f64::max };
            Ok(float(nums.into_iter().reduce(pick).unwrap_or(0.0)))
        }
        "abs" => as_f64(&one(args)?)
            .map(|n| float(n.abs()))
            .ok_or(Fail::Error),
        "ceil" => as_f64(&one(args)?)
            .map(|n| float(n.ceil()))
            .ok_or(Fail::Error),
        "floor" => as_f64(&one(args)?)
            .map(|n| float(n.floor()))
            .ok_or(Fail::Error),
        _ => Err(Fail::Unknown),
    }
}

/// `merge` of objects: later keys win; an unknown argument makes the result unknown.
fn merge(args: Vec<Value>) -> Eval {
    let mut out = Map::new();
    for a in args {
        match known(a)? {
            Value::Object(map) => out.extend(map),
            Value::Null => {}
            _ => return Err(Fail::Error),
        }
    }
    Ok(Value::Object(out))
}

fn lookup(args: Vec<Value>) -> Eval {
    let mut args = args.into_iter();
    let (Some(map), Some(key)) = (args.next(), args.next()) else {
        return Err(Fail::Error);
    };
    let fallback = args.next();
    let key = to_text(&known(key)?)?;
    match known(map)? {
        Value::Object(map) => match (map.get(&key), fallback) {
            (Some(v), _) => Ok(v.clone()),
            (None, Some(f)) => Ok(f),
            (None, None) => Err(Fail::Error),
        },
        _ => Err(Fail::Error),
    }
}

/// `format` with the verbs configurations use: `%s`, `%d`, `%v`, `%q`, `%%` (flags and widths
/// are not interpreted; such a spec makes the call unknown rather than wrong).
fn format(args: Vec<Value>) -> Eval {
    let mut args = args.into_iter();
    let spec = text(args.next().ok_or(Fail::Error)?)?;
    let mut out = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s') | Some('v') => out.push_str(&to_text(&args.next().ok_or(Fail::Error)?)?),
            Some('d') => {
                let n = as_f64(&args.next().ok_or(Fail::Error)?).ok_or(Fail::Error)?;
                out.push_str(&format!("{}", n.trunc() as i64));
            }
            Some('q') => {
                let mut quoted = String::new();
                write_terraform_json(
                    &Value::String(to_text(&args.next().ok_or(Fail::Error)?)?),
                    &mut quoted,
                );
                out.push_str(&quoted);
            }
            _ => return Err(Fail::Unknown),
        }
    }
    Ok(Value::String(out))
}

fn one(args: Vec<Value>) -> Eval {
    let [a] = <[Value; 1]>::try_from(args).map_err(|_| Fail::Error)?;
    Ok(a)
}

fn two(args: Vec<Value>) -> Result<[Value; 2], Fail> {
    <[Value; 2]>::try_from(args).map_err(|_| Fail::Error)
}

fn three(args: Vec<Value>) -> Result<[Value; 3], Fail> {
    <[Value; 3]>::try_from(args).map_err(|_| Fail::Error)
}

fn text(v: Value) -> Result<String, Fail> {
    to_text(&known(v)?)
}

/// A list, set or tuple (sets are lists here); an unknown is not one yet.
fn list(v: Value) -> Result<Vec<Value>, Fail> {
    match known(v)? {
        Value::Array(items) => Ok(items),
        _ => Err(Fail::Error),
    }
}

fn flatten(items: Vec<Value>, out: &mut Vec<Value>) -> Result<(), Fail> {
    for item in items {
        match known(item)? {
            Value::Array(inner) => flatten(inner, out)?,
            other => out.push(other),
        }
    }
    Ok(())
}

/// A set of strings as Terraform orders it (lexically); other element types keep their order.
fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut items = dedup_keep(items);
    if items.iter().all(Value::is_string) {
        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    items
}

fn dedup_keep(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn sorted_keys(map: &Map<String, Value>) -> Vec<String> {
    let mut keys: Vec<String> = map.keys().cloned().collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s(v: &str) -> Value {
        json!(v)
    }

    #[test]
    fn string_functions() {
        assert_eq!(call("lower", vec![s("NC24")]), Ok(s("nc24")));
        assert_eq!(
            call("format", vec![s("%s-%d-%q %%"), s("a"), json!(2.0), s("x")]),
            Ok(s("a-2-\"x\" %"))
        );
        assert_eq!(
            call("join", vec![s(","), json!(["a", 1, true])]),
            Ok(s("a,1,true"))
        );
        assert_eq!(
            call("replace", vec![s("a-b-c"), s("/-+/"), s("_")]),
            Ok(s("a_b_c"))
        );
        assert_eq!(
            call("substr", vec![s("hello"), json!(1), json!(3)]),
            Ok(s("ell"))
        );
        assert_eq!(call("format", vec![s("%5s"), s("a")]), Err(Fail::Unknown));
    }

    #[test]
    fn collection_functions() {
        assert_eq!(
            call("merge", vec![json!({"a": 1, "b": 1}), json!({"b": 2})]),
            Ok(json!({"a": 1, "b": 2}))
        );
        assert_eq!(
            call("lookup", vec![json!({"a": 1}), s("b"), json!(0)]),
            Ok(json!(0))
        );
        assert_eq!(
            call("lookup", vec![json!({"a": 1}), s("b")]),
            Err(Fail::Error)
        );
        assert_eq!(
            call("toset", vec![json!(["b", "a", "b"])]),
            Ok(json!(["a", "b"]))
        );
        assert_eq!(
            call("coalesce", vec![Value::Null, s(""), s("x")]),
            Ok(s("x"))
        );
        assert_eq!(
            call("keys", vec![json!({"b": 1, "a": 2})]),
            Ok(json!(["a", "b"]))
        );
        assert_eq!(
            call("flatten", vec![json!([[1, [2]], 3])]),
            Ok(json!([1, 2, 3]))
        );
    }

    #[test]
    fn unknown_arguments_make_unknown_results() {
        let u = json!({"$unknown": "var.x", "$refs": ["var.x"]});
        assert_eq!(call("lower", vec![u.clone()]), Err(Fail::Unknown));
        assert_eq!(
            call("merge", vec![json!({}), u.clone()]),
            Err(Fail::Unknown)
        );
        // An unknown value inside a known object is carried, not fatal.
        assert_eq!(
            call("merge", vec![json!({"a": u.clone()}), json!({"b": 1})]),
            Ok(json!({"a": u, "b": 1}))
        );
        assert_eq!(call("nosuchfunction", vec![]), Err(Fail::Unknown));
    }
}
