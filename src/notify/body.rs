//! A webhook's body, shaped so that the service it goes to accepts it: a heading, one
//! summary line per posting (within the service's length limit), and for plain JSON the
//! postings themselves.

use super::{Alert, AlertError, Format};
use serde_json::{json, Value};
use url::Url;

/// Where to POST and what: ntfy's JSON is published to the server's root, naming the topic
/// that ends the URL given.
pub(super) fn request(
    format: Format,
    url: &Url,
    alert: &Alert<'_>,
) -> Result<(Url, Vec<u8>), AlertError> {
    let postings: Vec<Value> = alert
        .postings
        .iter()
        .filter_map(|(_, line)| serde_json::from_str(line).ok())
        .collect();
    let heading = heading(alert.search, postings.len());
    let lines = |style: Style| -> Vec<String> { postings.iter().map(|p| line(p, style)).collect() };
    let (to, body) = match format {
        Format::Json => {
            let text = fit(&heading, &lines(Style::Plain), usize::MAX);
            let body = json!({"text": text, "search": alert.search, "count": postings.len(), "postings": postings});
            (url.clone(), body)
        }
        Format::Slack => (
            url.clone(),
            json!({"text": fit(&heading, &lines(Style::Slack), SLACK_LIMIT)}),
        ),
        Format::Discord => (
            url.clone(),
            json!({
                "content": fit(&heading, &lines(Style::Discord), DISCORD_LIMIT),
                "allowed_mentions": {"parse": []}
            }),
        ),
        Format::Ntfy => {
            let (root, topic) = ntfy_root(url).ok_or(AlertError::Shape(
                "an ntfy URL ends with its topic: https://ntfy.sh/TOPIC",
            ))?;
            let mut body = json!({
                "topic": topic,
                "title": heading,
                "message": fit("", &lines(Style::Plain), NTFY_LIMIT),
            });
            if let [only] = &postings[..] {
                body["click"] = only["url"].clone();
            }
            (root, body)
        }
    };
    Ok((
        to,
        serde_json::to_vec(&body).expect("JSON values serialize"),
    ))
}

/// Slack shows about 4,000 characters of a message's text; Discord refuses content over
/// 2,000; ntfy turns a message over 4,096 bytes into an attachment.
const SLACK_LIMIT: usize = 3_900;
const DISCORD_LIMIT: usize = 2_000;
const NTFY_LIMIT: usize = 4_000;

fn heading(search: &str, n: usize) -> String {
    let postings = if n == 1 { "posting" } else { "postings" };
    match search {
        "" => format!("jobtap: {n} new {postings}"),
        s => format!("jobtap: {n} new {postings} for {s}"),
    }
}

/// The heading and as many lines as fit in `limit` bytes (counted as characters too:
/// bytes are never fewer), then how many were left out.
fn fit(heading: &str, lines: &[String], limit: usize) -> String {
    const MORE: usize = 40;
    let mut text = heading.to_string();
    for (i, l) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        let room = if last { 0 } else { MORE };
        if text.len() + 1 + l.len() + room > limit {
            text.push_str(&format!("\n… and {} more", lines.len() - i));
            break;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(l);
    }
    text
}

#[derive(Clone, Copy)]
enum Style {
    Plain,
    Slack,
    Discord,
}

/// "Title — Company — Place — Pay", the title linked as the service links.
fn line(p: &Value, style: Style) -> String {
    let field = |k: &str| p[k].as_str().filter(|s| !s.is_empty());
    let title = field("title").unwrap_or("(untitled)");
    let url = field("url");
    let mut parts = vec![match (style, url) {
        (Style::Slack, Some(u)) => format!("<{}|{}>", slack_escape(u), slack_escape(title)),
        (Style::Discord, Some(u)) => {
            format!("[{}](<{}>)", discord_escape(title), u.replace('>', "%3E"))
        }
        (Style::Slack, None) => slack_escape(title),
        (Style::Discord, None) => discord_escape(title),
        (Style::Plain, _) => title.to_string(),
    }];
    let pay = pay(p);
    for extra in [field("company"), field("location"), pay.as_deref()]
        .into_iter()
        .flatten()
    {
        parts.push(match style {
            Style::Plain => extra.to_string(),
            Style::Slack => slack_escape(extra),
            Style::Discord => discord_escape(extra),
        });
    }
    let mut line = format!("• {}", parts.join(" — "));
    if let (Style::Plain, Some(u)) = (style, url) {
        line.push(' ');
        line.push_str(u);
    }
    line
}

/// Pay as "USD 20–25/hour"; the source's own words when it gave no figures.
fn pay(p: &Value) -> Option<String> {
    let (min, max) = (p["salary_min"].as_f64(), p["salary_max"].as_f64());
    let figures = match (min, max) {
        (Some(a), Some(b)) if a != b => format!("{}–{}", amount(a), amount(b)),
        (Some(a), _) | (None, Some(a)) => amount(a),
        (None, None) => {
            let text = p["salary_text"].as_str()?;
            return Some(text.chars().take(60).collect());
        }
    };
    let currency = p["salary_currency"].as_str().map(|c| format!("{c} "));
    let period = p["salary_period"].as_str().map(|x| format!("/{x}"));
    Some(format!(
        "{}{figures}{}",
        currency.unwrap_or_default(),
        period.unwrap_or_default()
    ))
}

/// 52000 as "52,000", 18.5 as "18.50".
fn amount(v: f64) -> String {
    if v.fract() != 0.0 {
        return format!("{v:.2}");
    }
    let digits = format!("{v:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Slack's three control characters in text.
fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Discord's markdown characters, so a title is shown as it is written.
fn discord_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\*_~`|>[]()#-@:".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `https://ntfy.sh/jobs` as `(https://ntfy.sh/, "jobs")`.
fn ntfy_root(url: &Url) -> Option<(Url, String)> {
    let topic = url
        .path_segments()?
        .rev()
        .find(|s| !s.is_empty())?
        .to_string();
    let mut root = url.clone();
    root.path_segments_mut().ok()?.pop_if_empty().pop();
    Some((root, topic))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert_of<'a>(lines: &'a [(String, String)], search: &'static str) -> Alert<'a> {
        Alert {
            search,
            postings: lines,
        }
    }

    fn row(id: &str, v: Value) -> (String, String) {
        (id.to_string(), v.to_string())
    }

    fn body(format: Format, url: &str, rows: &[(String, String)]) -> (Url, Value) {
        let (to, bytes) =
            request(format, &Url::parse(url).unwrap(), &alert_of(rows, "chat")).unwrap();
        (to, serde_json::from_slice(&bytes).unwrap())
    }

    fn rows() -> Vec<(String, String)> {
        vec![
            row(
                "1",
                json!({"title": "Chat <Agent> & Co", "company": "Acme", "location": "Austin, TX",
                "salary_min": 20.0, "salary_max": 25.5, "salary_currency": "USD", "salary_period": "hour",
                "url": "https://acme.example/1"}),
            ),
            row(
                "2",
                json!({"title": "@everyone *Night* Agent", "company": null, "url": "https://acme.example/2",
                "salary_min": 52000.0, "salary_max": 52000.0, "salary_period": "year"}),
            ),
        ]
    }

    #[test]
    fn each_format_has_the_shape_its_service_reads() {
        let rows = rows();
        let (to, slack) = body(
            Format::Slack,
            "https://hooks.slack.com/services/T/B/x",
            &rows,
        );
        assert_eq!(to.as_str(), "https://hooks.slack.com/services/T/B/x");
        assert_eq!(
            slack["text"],
            "jobtap: 2 new postings for chat\n\
             • <https://acme.example/1|Chat &lt;Agent&gt; &amp; Co> — Acme — Austin, TX — USD 20–25.50/hour\n\
             • <https://acme.example/2|@everyone *Night* Agent> — 52,000/year"
        );
        let (_, discord) = body(
            Format::Discord,
            "https://discord.com/api/webhooks/1/t",
            &rows,
        );
        assert_eq!(discord["allowed_mentions"], json!({"parse": []}));
        let content = discord["content"].as_str().unwrap();
        assert!(
            content.contains(
                "• [\\@everyone \\*Night\\* Agent](<https://acme.example/2>) — 52,000/year"
            ),
            "{content}"
        );
        let (to, ntfy) = body(Format::Ntfy, "https://ntfy.example/jobs-alerts", &rows);
        assert_eq!(to.as_str(), "https://ntfy.example/");
        assert_eq!(ntfy["topic"], "jobs-alerts");
        assert_eq!(ntfy["title"], "jobtap: 2 new postings for chat");
        assert!(ntfy["message"]
            .as_str()
            .unwrap()
            .starts_with("• Chat <Agent> & Co — Acme"));
        assert!(ntfy.get("click").is_none(), "one link only for one posting");
        let (_, plain) = body(Format::Json, "http://127.0.0.1:9/hook", &rows);
        assert_eq!(plain["count"], 2);
        assert_eq!(plain["search"], "chat");
        assert_eq!(plain["postings"][1]["title"], "@everyone *Night* Agent");
        assert!(plain["text"]
            .as_str()
            .unwrap()
            .ends_with("52,000/year https://acme.example/2"));
    }

    #[test]
    fn long_alerts_stay_within_the_service_limit() {
        let many: Vec<(String, String)> = (0..200)
            .map(|i| row(&i.to_string(), json!({"title": format!("Support Agent number {i} with a long title"), "url": format!("https://acme.example/{i}")})))
            .collect();
        let (_, discord) = body(
            Format::Discord,
            "https://discord.com/api/webhooks/1/t",
            &many,
        );
        let content = discord["content"].as_str().unwrap();
        assert!(
            content.chars().count() <= DISCORD_LIMIT,
            "{}",
            content.len()
        );
        assert!(content.ends_with(" more"), "{content}");
        let (_, plain) = body(Format::Json, "http://127.0.0.1:9/hook", &many);
        assert_eq!(
            plain["postings"].as_array().unwrap().len(),
            200,
            "JSON carries them all"
        );
    }

    #[test]
    fn an_ntfy_url_needs_its_topic() {
        let url = Url::parse("https://ntfy.example/").unwrap();
        let rows = rows();
        assert!(request(Format::Ntfy, &url, &alert_of(&rows, "")).is_err());
        let (_, one) = body(Format::Ntfy, "https://ntfy.example/a/", &rows[..1]);
        assert_eq!(one["topic"], "a");
        assert_eq!(one["click"], "https://acme.example/1");
    }
}
