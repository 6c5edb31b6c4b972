//! Property tests: no parser panics on any input, and the invariants that hold for every
//! posting (salary_min <= salary_max, trusted dates, a CSV round trip that loses nothing).

use chrono::{TimeZone, Utc};
use jobtap::adapters::{self, ParseCtx};
use jobtap::definition::Registry;
use jobtap::export::{write_postings, ExportOptions, Format};
use jobtap::normalize::{date, location, salary, text};
use jobtap::posting::Posting;
use jobtap::tag::Tagger;
use proptest::prelude::*;
use std::sync::LazyLock;

static TAGGER: LazyLock<Tagger> = LazyLock::new(Tagger::builtin);

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

/// Every adapter named by a built-in definition, with its definition's name and base URL.
fn all_adapters() -> Vec<(String, url::Url, &'static dyn adapters::Adapter)> {
    Registry::builtin()
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                d.base_url.clone(),
                adapters::by_name(&d.adapter).unwrap(),
            )
        })
        .collect()
}

/// JSON documents of any shape, with the keys sources use so parsers go deep.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("jobs".to_string()),
        Just("data".to_string()),
        Just("results".to_string()),
        Just("content".to_string()),
        Just("id".to_string()),
        Just("title".to_string()),
        Just("text".to_string()),
        Just("description".to_string()),
        Just("salary".to_string()),
        Just("location".to_string()),
        Just("links".to_string()),
        Just("next".to_string()),
        Just("hits".to_string()),
        Just("children".to_string()),
        Just("SearchResult".to_string()),
        "[a-zA-Z_]{1,12}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        ".{0,40}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// HTML-ish text: tags, attributes, entities and text in any order.
fn html_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<li>".to_string()),
        Just("<br>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<![CDATA[".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("&".to_string()),
        Just("<a href=\"x>y\">".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("<ol class=\"cl-static-search-results\">".to_string()),
        Just("<li class=\"cl-static-search-result\" title=\"t\">".to_string()),
        Just("<section id=\"postingbody\">".to_string()),
        Just("<script type=\"application/ld+json\">".to_string()),
        ".{0,20}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn adapters_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for (name, base, adapter) in all_adapters() {
            let ctx = ParseCtx { source: &name, arg: Some("x"), url: &base, fetched_at: now() };
            let _ = adapter.parse(&bytes, &ctx);
            let mut p = ctx.posting("1");
            let _ = adapter.parse_detail(&bytes, &mut p, &ctx);
        }
    }

    #[test]
    fn adapters_never_panic_on_json(doc in json_value()) {
        let bytes = serde_json::to_vec(&doc).unwrap();
        for (name, base, adapter) in all_adapters() {
            let ctx = ParseCtx { source: &name, arg: Some("x"), url: &base, fetched_at: now() };
            if let Ok(page) = adapter.parse(&bytes, &ctx) {
                for p in &page.postings {
                    if let (Some(a), Some(b)) = (p.salary.min, p.salary.max) {
                        prop_assert!(a <= b, "{name}: salary {a} > {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn adapters_never_panic_on_html(html in html_soup()) {
        for (name, base, adapter) in all_adapters() {
            let ctx = ParseCtx { source: &name, arg: Some("x"), url: &base, fetched_at: now() };
            let _ = adapter.parse(html.as_bytes(), &ctx);
            let mut p = ctx.posting("1");
            let _ = adapter.parse_detail(html.as_bytes(), &mut p, &ctx);
        }
    }

    #[test]
    fn html_to_text_is_total_and_clean(html in html_soup()) {
        let t = text::html_to_text(&html);
        prop_assert!(!t.chars().any(|c| c.is_control() && c != '\n'), "{t:?}");
        prop_assert!(!t.contains("\n\n\n"));
        prop_assert_eq!(t.trim_end(), t.as_str());
    }

    #[test]
    fn salary_is_ordered(s in "(up to |from |\\$|€|£|USD |[0-9]{1,6}(\\.[0-9]{1,2})?k?| - | to |/hr| an hour| a year|DOE|,|\\+){0,8}") {
        let sal = salary::parse_salary_text(&s);
        if let (Some(a), Some(b)) = (sal.min, sal.max) {
            prop_assert!(a <= b, "{s:?}: {a} > {b}");
        }
        prop_assert!(sal.min.is_none_or(|v| v.is_finite() && v > 0.0));
    }

    #[test]
    fn dates_are_trusted_or_absent(s in "[0-9TZ:+ \\-/.a-zA-Z,]{0,40}") {
        if let Some(d) = date::parse_date(&s, now()) {
            prop_assert!(d.timestamp() >= 788_918_400, "{s:?} gave {d}");
            prop_assert!(d <= now() + chrono::Duration::days(1), "{s:?} gave {d}");
        }
    }

    #[test]
    fn locations_and_tags_never_panic(s in ".{0,80}") {
        let _ = location::split_location(&s);
        let _ = TAGGER.tags_of_text(&s, &s);
        let _ = text::clean_inline(&s);
        let _ = text::clean_text(&s);
    }

    /// Letters whose lower case has more bytes ("İ", "Ⱥ") shift every later byte of a
    /// lowercased copy: a place found in the copy must never be used in the original.
    #[test]
    fn text_whose_lower_case_grows_never_panics(
        s in "(İ|Ⱥ|€|£|\\$|Remote|hybrid|bonus|Pay|20|an hour|yesterday| |,|\n){0,16}"
    ) {
        let _ = location::split_location(&s);
        let _ = salary::from_description(&s, None);
        let _ = salary::parse_salary_text(&s);
        let _ = date::parse_date(&s, now());
        let _ = TAGGER.tags_of_text(&s, &s);
    }

    #[test]
    fn csv_round_trip_keeps_every_field(
        title in "[=+@-]?[^\u{0}-\u{1f}\u{7f}]{0,30}",
        company in "[a-zA-Z ,\"']{0,20}",
        description in "[a-zA-Z ,\"'\n;]{0,60}",
        min in prop::option::of(1.0f64..1e6),
    ) {
        let mut p = Posting::new("prop", "1", now());
        p.title = title.clone();
        p.company = (!company.is_empty()).then(|| company.clone());
        p.description = description.clone();
        p.salary.min = min;
        p.salary.max = min;
        p.tags = vec!["chat".into(), "weekend".into()];
        // Raw cells round-trip exactly; neutralized ones differ only by the leading quote
        // that keeps a spreadsheet from running a formula.
        let raw = ExportOptions { raw_cells: true, ..ExportOptions::default() };
        let mut buf = Vec::new();
        write_postings(&mut buf, Format::Csv, &raw, [&p]).unwrap();
        let mut rdr = csv::Reader::from_reader(buf.as_slice());
        let row = rdr.records().next().unwrap().unwrap();
        prop_assert_eq!(&row[3], title.as_str());
        let mut safe = Vec::new();
        write_postings(&mut safe, Format::Csv, &ExportOptions::default(), [&p]).unwrap();
        let mut rdr = csv::Reader::from_reader(safe.as_slice());
        let safe_row = rdr.records().next().unwrap().unwrap();
        let risky = title.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let want = if risky { format!("'{title}") } else { title.clone() };
        prop_assert_eq!(&safe_row[3], want.as_str());
        prop_assert_eq!(&row[4], company.as_str());
        prop_assert_eq!(&row[19], description.as_str());
        prop_assert_eq!(row[11].parse::<f64>().ok(), min);
        prop_assert_eq!(&row[18], "chat; weekend");
    }
}
