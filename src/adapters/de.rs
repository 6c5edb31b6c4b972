//! Serde helpers for the loosely typed fields of job-board APIs, which change a field's
//! JSON type between postings or versions: ids as strings or numbers, amounts as numbers
//! or numeric strings, one label or a list of them. Use with
//! `#[serde(default, deserialize_with = "...")]`.

use serde::{de::Error, Deserialize, Deserializer};
use serde_json::Value;

/// An id given as a string or an integer, as a string.
pub fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Value::Number(n) if n.is_u64() || n.is_i64() => Ok(Some(n.to_string())),
        other => Err(D::Error::custom(format!(
            "expected a string or integer id, found {other}"
        ))),
    }
}

/// An amount given as a number or a numeric string ("55000", "55,000.00"); anything else
/// (null, "", "competitive") is no amount, and so is zero, which these APIs use for
/// "not stated".
pub fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let n = match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', "").parse::<f64>().ok(),
        _ => None,
    };
    Ok(n.filter(|v| v.is_finite() && *v > 0.0))
}

/// One string or a list of strings, as a list; null is an empty list and non-string
/// list items are skipped.
pub fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => vec![s],
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct T {
        #[serde(default, deserialize_with = "id_string")]
        id: Option<String>,
        #[serde(default, deserialize_with = "amount")]
        pay: Option<f64>,
        #[serde(default, deserialize_with = "one_or_many")]
        kinds: Vec<String>,
    }

    fn t(json: &str) -> T {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn ids() {
        assert_eq!(t(r#"{"id": "123"}"#).id.as_deref(), Some("123"));
        assert_eq!(t(r#"{"id": 123}"#).id.as_deref(), Some("123"));
        assert_eq!(t(r#"{"id": null}"#).id, None);
        assert_eq!(t("{}").id, None);
        assert!(serde_json::from_str::<T>(r#"{"id": 1.5}"#).is_err());
    }

    #[test]
    fn amounts() {
        assert_eq!(t(r#"{"pay": 55000}"#).pay, Some(55000.0));
        assert_eq!(t(r#"{"pay": "55,000.50"}"#).pay, Some(55000.5));
        assert_eq!(t(r#"{"pay": 0}"#).pay, None);
        assert_eq!(t(r#"{"pay": "competitive"}"#).pay, None);
        assert_eq!(t(r#"{"pay": null}"#).pay, None);
        assert_eq!(t(r#"{"pay": [1]}"#).pay, None);
    }

    #[test]
    fn lists() {
        assert_eq!(t(r#"{"kinds": "Full-Time"}"#).kinds, ["Full-Time"]);
        assert_eq!(t(r#"{"kinds": ["a", 1, "b"]}"#).kinds, ["a", "b"]);
        assert!(t(r#"{"kinds": null}"#).kinds.is_empty());
    }
}
