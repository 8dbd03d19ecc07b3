//! ARM template functions applied to known argument values (names lowercased: ARM's are
//! case-insensitive). `None` means "cannot say": a function we do not evaluate, a type error ARM
//! would reject, or a result too large to hold; the caller turns it into an unknown.

use serde_json::{Map, Number, Value};

/// Largest string, array or object a function may build (hostile templates double values through
/// chains of variables).
pub const MAX_SIZE: usize = 100_000;

/// Functions whose arguments may hold unknowns inside arrays and objects: they move values around
/// without looking into them, so the unknown parts stay where they are.
pub fn passes_unknowns(name: &str) -> bool {
    matches!(
        name,
        "concat"
            | "union"
            | "createarray"
            | "createobject"
            | "array"
            | "length"
            | "empty"
            | "first"
            | "last"
            | "take"
            | "skip"
            | "tryget"
            | "shallowmerge"
    )
}

pub fn apply(name: &str, a: &[Value]) -> Option<Value> {
    // Each family owns its names, so a family that cannot say for its own name (`None`) is not
    // second-guessed by another.
    let v = text(name, a)
        .or_else(|| text_pieces(name, a))
        .or_else(|| build(name, a))
        .or_else(|| sequence(name, a))
        .or_else(|| logic(name, a))?;
    (size(&v) <= MAX_SIZE).then_some(v)
}

/// Functions on strings: case, trimming, searching, formatting, padding, conversion.
fn text(name: &str, a: &[Value]) -> Option<Value> {
    let v = match (name, a) {
        ("format", [Value::String(f), rest @ ..]) => Value::String(format(f, rest)?),
        ("tolower", [Value::String(s)]) => Value::String(s.to_lowercase()),
        ("toupper", [Value::String(s)]) => Value::String(s.to_uppercase()),
        ("trim", [Value::String(s)]) => Value::String(s.trim().to_string()),
        ("string", [x]) => Value::String(to_string(x)),
        ("json", [Value::String(s)]) => serde_json::from_str(s).ok()?,
        ("startswith", [Value::String(s), Value::String(p)]) => {
            Value::Bool(s.to_lowercase().starts_with(&p.to_lowercase()))
        }
        ("endswith", [Value::String(s), Value::String(p)]) => {
            Value::Bool(s.to_lowercase().ends_with(&p.to_lowercase()))
        }
        ("indexof", [Value::String(s), Value::String(p)]) => {
            Value::from(char_index(s, s.to_lowercase().find(&p.to_lowercase())))
        }
        ("lastindexof", [Value::String(s), Value::String(p)]) => {
            Value::from(char_index(s, s.to_lowercase().rfind(&p.to_lowercase())))
        }
        ("padleft", [x, width, rest @ ..]) => {
            let s = scalar_text(x)?;
            let width = usize::try_from(as_int(width)?).ok()?;
            let pad = match rest {
                [] => ' ',
                [Value::String(p)] if p.chars().count() == 1 => p.chars().next()?,
                _ => return None,
            };
            if width > MAX_SIZE {
                return None;
            }
            let missing = width.saturating_sub(s.chars().count());
            Value::String(std::iter::repeat_n(pad, missing).chain(s.chars()).collect())
        }
        _ => return None,
    };
    Some(v)
}

/// Functions that cut strings up or put them together.
fn text_pieces(name: &str, a: &[Value]) -> Option<Value> {
    let v = match (name, a) {
        ("substring", [Value::String(s), rest @ ..]) => {
            let chars: Vec<char> = s.chars().collect();
            let start = usize::try_from(rest.first().map_or(Some(0), as_int)?).ok()?;
            let len = match rest.get(1) {
                Some(l) => usize::try_from(as_int(l)?).ok()?,
                None => chars.len().checked_sub(start)?,
            };
            let end = start.checked_add(len)?;
            if rest.len() > 2 || end > chars.len() {
                return None;
            }
            Value::String(chars[start..end].iter().collect())
        }
        ("replace", [Value::String(s), Value::String(from), Value::String(to)]) => {
            if from.is_empty() {
                return None;
            }
            Value::String(s.replace(from.as_str(), to))
        }
        ("split", [Value::String(s), delims]) => {
            let delims: Vec<&str> = match delims {
                Value::String(d) => vec![d.as_str()],
                Value::Array(ds) => ds.iter().map(Value::as_str).collect::<Option<_>>()?,
                _ => return None,
            };
            if delims.iter().any(|d| d.is_empty()) {
                return None;
            }
            let mut parts = vec![s.clone()];
            for d in delims {
                parts = parts
                    .iter()
                    .flat_map(|p| p.split(d).map(str::to_string).collect::<Vec<_>>())
                    .collect();
            }
            Value::Array(parts.into_iter().map(Value::String).collect())
        }
        ("join", [Value::Array(items), Value::String(d)]) => {
            let parts: Option<Vec<String>> = items.iter().map(scalar_text).collect();
            Value::String(parts?.join(d))
        }
        _ => return None,
    };
    Some(v)
}

/// Functions that build arrays and objects (`concat` of arrays or of strings lives here, so that
/// one function decides both).
fn build(name: &str, a: &[Value]) -> Option<Value> {
    let v = match (name, a) {
        // `tryGet(object, key...)`: null where a key or index is missing (Bicep's `.?` and `[?]`).
        ("tryget", [first, path @ ..]) if !path.is_empty() => {
            let mut at = first;
            for step in path {
                if crate::parse::values::is_unknown(at) {
                    break;
                }
                let next = match (at, step) {
                    (Value::Object(o), Value::String(k)) => o.get(k).or_else(|| {
                        o.iter()
                            .find(|(x, _)| x.eq_ignore_ascii_case(k))
                            .map(|(_, v)| v)
                    }),
                    (Value::Array(items), i) => as_int(i)
                        .and_then(|i| usize::try_from(i).ok())
                        .and_then(|i| items.get(i)),
                    (Value::Null, _) => None,
                    _ => return None,
                };
                match next {
                    Some(v) => at = v,
                    None => return Some(Value::Null),
                }
            }
            at.clone()
        }
        ("concat", [Value::Array(_), ..]) => {
            let mut out = Vec::new();
            for x in a {
                match x {
                    Value::Array(items) => out.extend(items.iter().cloned()),
                    Value::Null => {}
                    _ => return None,
                }
            }
            Value::Array(out)
        }
        ("concat", _) => {
            let mut out = String::new();
            for x in a {
                out.push_str(&scalar_text(x)?);
            }
            Value::String(out)
        }
        ("array", [x]) => match x {
            Value::Array(_) => x.clone(),
            _ => Value::Array(vec![x.clone()]),
        },
        ("createarray", _) => Value::Array(a.to_vec()),
        ("createobject", _) => {
            if a.len() % 2 != 0 {
                return None;
            }
            let mut m = Map::new();
            for pair in a.chunks(2) {
                m.insert(pair[0].as_str()?.to_string(), pair[1].clone());
            }
            Value::Object(m)
        }
        ("union", [Value::Object(_), ..]) => {
            let mut out = Value::Object(Map::new());
            for x in a {
                let Value::Object(_) = x else { return None };
                merge(&mut out, x);
            }
            out
        }
        // shallowMerge([a, b, ...]): top-level keys of later objects replace earlier ones, whole.
        ("shallowmerge", [Value::Array(objects)]) => {
            let mut out = Map::new();
            for o in objects {
                out.extend(o.as_object()?.clone());
            }
            Value::Object(out)
        }
        ("union", [Value::Array(_), ..]) => {
            let mut out: Vec<Value> = Vec::new();
            for x in a {
                for item in x.as_array()? {
                    if !out.contains(item) {
                        out.push(item.clone());
                    }
                }
            }
            Value::Array(out)
        }
        ("intersection", [Value::Array(first), rest @ ..]) => {
            let mut out: Vec<Value> = Vec::new();
            for item in first {
                let everywhere = rest
                    .iter()
                    .all(|r| r.as_array().is_some_and(|r| r.contains(item)));
                if everywhere && !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Value::Array(out)
        }
        ("range", [start, count]) => {
            let (start, count) = (as_int(start)?, as_int(count)?);
            if !(0..=10_000).contains(&count) {
                return None;
            }
            Value::Array((0..count).map(|i| Value::from(start + i)).collect())
        }
        ("objectkeys", [Value::Object(o)]) => {
            Value::Array(o.keys().cloned().map(Value::String).collect())
        }
        ("items", [Value::Object(o)]) => Value::Array(
            o.iter()
                .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
                .collect(),
        ),
        _ => return None,
    };
    Some(v)
}

/// Functions that look into a string, an array or an object alike.
fn sequence(name: &str, a: &[Value]) -> Option<Value> {
    let v = match (name, a) {
        ("length", [x]) => Value::from(match x {
            Value::String(s) => s.chars().count(),
            Value::Array(v) => v.len(),
            Value::Object(o) => o.len(),
            _ => return None,
        }),
        ("empty", [x]) => Value::Bool(match x {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(v) => v.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => return None,
        }),
        ("contains", [container, item]) => Value::Bool(match container {
            Value::String(s) => s.contains(scalar_text(item)?.as_str()),
            Value::Array(v) => v.contains(item),
            Value::Object(o) => {
                let k = item.as_str()?;
                o.keys().any(|key| key.eq_ignore_ascii_case(k))
            }
            _ => return None,
        }),
        ("first", [x]) => match x {
            Value::Array(v) => v.first().cloned().unwrap_or(Value::Null),
            Value::String(s) => Value::String(s.chars().take(1).collect()),
            _ => return None,
        },
        ("last", [x]) => match x {
            Value::Array(v) => v.last().cloned().unwrap_or(Value::Null),
            Value::String(s) => {
                Value::String(s.chars().last().map(String::from).unwrap_or_default())
            }
            _ => return None,
        },
        ("take" | "skip", [x, n]) => {
            let n = usize::try_from(as_int(n)?.max(0)).ok()?;
            let take = name == "take";
            match x {
                Value::Array(v) => {
                    let n = n.min(v.len());
                    Value::Array(if take {
                        v[..n].to_vec()
                    } else {
                        v[n..].to_vec()
                    })
                }
                Value::String(s) => Value::String(if take {
                    s.chars().take(n).collect()
                } else {
                    s.chars().skip(n).collect()
                }),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(v)
}

/// Comparisons, conversions, arithmetic and the literal functions.
fn logic(name: &str, a: &[Value]) -> Option<Value> {
    let v = match (name, a) {
        ("equals", [x, y]) => Value::Bool(x == y),
        ("not", [Value::Bool(b)]) => Value::Bool(!b),
        ("bool", [x]) => Value::Bool(to_bool(x)?),
        ("int", [x]) => Value::from(to_int(x)?),
        ("add" | "sub" | "mul" | "div" | "mod", [x, y]) => {
            let (x, y) = (as_int(x)?, as_int(y)?);
            Value::from(match name {
                "add" => x.checked_add(y)?,
                "sub" => x.checked_sub(y)?,
                "mul" => x.checked_mul(y)?,
                "div" => x.checked_div(y)?,
                _ => x.checked_rem(y)?,
            })
        }
        ("min" | "max", _) => {
            let items: Vec<i64> = match a {
                [Value::Array(v)] => v.iter().map(as_int).collect::<Option<_>>()?,
                _ => a.iter().map(as_int).collect::<Option<_>>()?,
            };
            Value::from(if name == "min" {
                items.into_iter().min()?
            } else {
                items.into_iter().max()?
            })
        }
        ("less" | "lessorequals" | "greater" | "greaterorequals", [x, y]) => {
            let ord = match (x, y) {
                (Value::String(x), Value::String(y)) => x.cmp(y),
                _ => as_int(x)?.cmp(&as_int(y)?),
            };
            Value::Bool(match name {
                "less" => ord.is_lt(),
                "lessorequals" => ord.is_le(),
                "greater" => ord.is_gt(),
                _ => ord.is_ge(),
            })
        }
        ("true", []) => Value::Bool(true),
        ("false", []) => Value::Bool(false),
        ("null", []) => Value::Null,
        _ => return None,
    };
    Some(v)
}

/// The size of a value's top level (deeper levels were checked when they were built).
fn size(v: &Value) -> usize {
    match v {
        Value::String(s) => s.len(),
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        _ => 0,
    }
}

/// ARM's `union` of objects: later values win, nested objects are merged.
fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(target), Value::Object(source)) => {
            for (k, v) in source {
                match target.get_mut(k) {
                    Some(existing @ Value::Object(_)) if v.is_object() => merge(existing, v),
                    _ => {
                        target.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

fn char_index(s: &str, byte: Option<usize>) -> i64 {
    match byte {
        Some(b) => s
            .get(..b)
            .map_or(-1, |p| i64::try_from(p.chars().count()).unwrap_or(-1)),
        None => -1,
    }
}

/// An integer argument (a float with no fraction counts).
pub fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        _ => None,
    }
}

fn to_int(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.abs() < 9.0e15)
                .map(|f| f.trunc() as i64)
        }),
        _ => None,
    }
}

fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        Value::Number(n) => n.as_i64().map(|i| i != 0),
        _ => None,
    }
}

/// `string()`: text as it is, booleans as .NET writes them, arrays and objects as compact JSON.
pub fn to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => String::new(),
        Value::Number(n) => number_text(n),
        _ => v.to_string(),
    }
}

fn number_text(n: &Number) -> String {
    n.to_string()
}

/// A scalar as `concat` and `format` write it; arrays and objects are not text.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Array(_) | Value::Object(_) => None,
        _ => Some(to_string(v)),
    }
}

/// .NET composite formatting with `{n}` placeholders and `{{` / `}}` escapes; a format specifier
/// (`{0:D3}`) or alignment is not evaluated.
fn format(f: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut index = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        d if d.is_ascii_digit() => index.push(d),
                        _ => return None,
                    }
                }
                let i: usize = index.parse().ok()?;
                out.push_str(&scalar_text(args.get(i)?)?);
            }
            '}' => return None,
            c => out.push(c),
        }
        if out.len() > MAX_SIZE {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::values::contains_unknown;
    use serde_json::json;

    fn call(name: &str, args: Value) -> Option<Value> {
        apply(name, args.as_array().unwrap())
    }

    #[test]
    fn strings() {
        assert_eq!(call("concat", json!(["a", 1, true])), Some(json!("a1True")));
        assert_eq!(call("concat", json!([[1], [2, 3]])), Some(json!([1, 2, 3])));
        assert_eq!(call("concat", json!(["a", [1]])), None);
        assert_eq!(
            call("format", json!(["{0}-{1}{{x}}", "a", 2])),
            Some(json!("a-2{x}"))
        );
        assert_eq!(call("format", json!(["{0:D3}", 2])), None);
        assert_eq!(call("format", json!(["{1}", 2])), None);
        assert_eq!(call("tolower", json!(["AbC"])), Some(json!("abc")));
        assert_eq!(call("toupper", json!(["AbC"])), Some(json!("ABC")));
        assert_eq!(
            call("substring", json!(["hello", 1, 3])),
            Some(json!("ell"))
        );
        assert_eq!(call("substring", json!(["hello", 4, 3])), None);
        assert_eq!(
            call("replace", json!(["a-b-c", "-", "_"])),
            Some(json!("a_b_c"))
        );
        assert_eq!(
            call("split", json!(["a,b;c", [",", ";"]])),
            Some(json!(["a", "b", "c"]))
        );
        assert_eq!(call("join", json!([["a", "b"], "/"])), Some(json!("a/b")));
        assert_eq!(call("string", json!([{"a": 1}])), Some(json!("{\"a\":1}")));
        assert_eq!(call("string", json!([false])), Some(json!("False")));
        assert_eq!(call("padleft", json!(["7", 3, "0"])), Some(json!("007")));
        assert_eq!(call("padleft", json!(["7", 1_000_000_000, "0"])), None);
        assert_eq!(
            call("startswith", json!(["Standard_NC6", "standard_nc"])),
            Some(json!(true))
        );
        assert_eq!(call("indexof", json!(["abcb", "b"])), Some(json!(1)));
        assert_eq!(call("lastindexof", json!(["abcb", "b"])), Some(json!(3)));
    }

    #[test]
    fn logic_and_numbers() {
        assert_eq!(call("equals", json!(["a", "a"])), Some(json!(true)));
        assert_eq!(call("equals", json!(["a", "A"])), Some(json!(false)));
        assert_eq!(call("not", json!([true])), Some(json!(false)));
        assert_eq!(call("not", json!(["x"])), None);
        assert_eq!(call("bool", json!(["TRUE"])), Some(json!(true)));
        assert_eq!(call("int", json!(["42"])), Some(json!(42)));
        assert_eq!(call("add", json!([2, 3])), Some(json!(5)));
        assert_eq!(call("sub", json!([2, 3])), Some(json!(-1)));
        assert_eq!(call("mul", json!([2, 3])), Some(json!(6)));
        assert_eq!(call("div", json!([7, 2])), Some(json!(3)));
        assert_eq!(call("div", json!([7, 0])), None);
        assert_eq!(call("mod", json!([7, 2])), Some(json!(1)));
        assert_eq!(call("add", json!([i64::MAX, 1])), None);
        assert_eq!(call("less", json!([1, 2])), Some(json!(true)));
        assert_eq!(call("greater", json!(["b", "a"])), Some(json!(true)));
        assert_eq!(call("greaterorequals", json!([2, 2])), Some(json!(true)));
        assert_eq!(call("min", json!([[3, 1, 2]])), Some(json!(1)));
        assert_eq!(call("max", json!([3, 1, 2])), Some(json!(3)));
        assert_eq!(call("range", json!([1, 3])), Some(json!([1, 2, 3])));
        assert_eq!(call("range", json!([1, 10_000_000])), None);
    }

    #[test]
    fn collections() {
        assert_eq!(
            call(
                "union",
                json!([{"a": {"x": 1}, "b": 1}, {"a": {"y": 2}, "b": 2}])
            ),
            Some(json!({"a": {"x": 1, "y": 2}, "b": 2}))
        );
        assert_eq!(
            call("union", json!([[1, 2], [2, 3]])),
            Some(json!([1, 2, 3]))
        );
        assert_eq!(
            call("intersection", json!([[1, 2], [2, 3]])),
            Some(json!([2]))
        );
        assert_eq!(call("createarray", json!([1, "a"])), Some(json!([1, "a"])));
        assert_eq!(call("createobject", json!(["k", 1])), Some(json!({"k": 1})));
        assert_eq!(call("createobject", json!(["k"])), None);
        assert_eq!(call("length", json!([[1, 2]])), Some(json!(2)));
        assert_eq!(call("length", json!(["héllo"])), Some(json!(5)));
        assert_eq!(call("empty", json!([{}])), Some(json!(true)));
        assert_eq!(
            call("contains", json!([{"Key": 1}, "key"])),
            Some(json!(true))
        );
        assert_eq!(call("contains", json!([[1, 2], 3])), Some(json!(false)));
        assert_eq!(call("contains", json!(["abc", "b"])), Some(json!(true)));
        assert_eq!(call("first", json!([[1, 2]])), Some(json!(1)));
        assert_eq!(call("last", json!(["abc"])), Some(json!("c")));
        assert_eq!(call("take", json!([[1, 2, 3], 2])), Some(json!([1, 2])));
        assert_eq!(call("skip", json!(["abc", 1])), Some(json!("bc")));
        assert_eq!(call("array", json!([1])), Some(json!([1])));
        assert_eq!(
            call("json", json!(["{\"a\": [1]}"])),
            Some(json!({"a": [1]}))
        );
        assert_eq!(call("json", json!(["{"])), None);
        assert_eq!(call("objectkeys", json!([{"a": 1}])), Some(json!(["a"])));
        assert_eq!(call("null", json!([])), Some(json!(null)));
        // Not evaluated: hashes, deployment context.
        assert_eq!(call("uniquestring", json!(["a"])), None);
        assert_eq!(call("guid", json!(["a"])), None);
        assert!(contains_unknown(
            &json!([{"a": {"$unknown": "x", "$refs": []}}])
        ));
        assert!(!contains_unknown(&json!([{"a": 1}])));
    }
}
