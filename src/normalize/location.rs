//! Splitting a location text into city, region and country, and reading the workplace words
//! sources put beside it ("Hybrid - London", "Remote (Canada)", "Flexible / Remote").
//!
//! Nothing is guessed: a lone city name gets no country, and a list of places gets no city.

use crate::posting::Workplace;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Place {
    pub city: Option<String>,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// Workplace named inside the location text, if any.
    pub workplace: Option<Workplace>,
}

pub fn split_location(text: &str) -> Place {
    let mut place = Place::default();
    let (rest, workplace) = strip_workplace(text.trim());
    place.workplace = workplace;
    let rest = rest
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '-' | ',' | ':'))
        .trim();
    if rest.is_empty() || is_many_places(rest) {
        return place;
    }
    let parts: Vec<&str> = rest
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let Some((&last, init)) = parts.split_last() else {
        return place;
    };
    // "USA, Canada, Mexico" is a list of countries, not a city in a region.
    let last_country = country_code(last);
    let other_country =
        |p: &&str| p.len() > 2 && country_code(p).is_some_and(|c| Some(c) != last_country);
    if init.iter().any(other_country) {
        return place;
    }
    // "Denver, CO" is Colorado, not Colombia: after a city, a two-letter code is a state or
    // province first.
    let state_first = last.len() == 2 && !init.is_empty();
    if let Some((region, country)) = region_any(last).filter(|_| state_first) {
        place.region = Some(region.to_string());
        place.country = Some(country.to_string());
        place.city = init.first().map(|c| c.to_string());
    } else if let Some(code) = country_code(last) {
        place.country = Some(code.to_string());
        match init {
            [] => {}
            [city] => place.city = Some(city.to_string()),
            [city, region, ..] => {
                place.city = Some(city.to_string());
                place.region = Some(region_code(region, code).unwrap_or(region).to_string());
            }
        }
    } else if let Some((region, country)) = region_any(last) {
        place.region = Some(region.to_string());
        place.country = Some(country.to_string());
        place.city = init.first().map(|c| c.to_string());
    } else if init.is_empty() && !is_area_word(last) {
        place.city = Some(last.to_string());
    } else if let [city, ..] = init {
        place.city = Some(city.to_string());
        place.region = Some(last.to_string());
    }
    place
}

/// Removes "Remote", "Hybrid", "On-site" words with their separators; returns the rest and
/// the workplace they named.
fn strip_workplace(text: &str) -> (String, Option<Workplace>) {
    const WORDS: [(&str, Workplace); 9] = [
        ("fully remote", Workplace::Remote),
        ("100% remote", Workplace::Remote),
        ("remote", Workplace::Remote),
        ("flexible", Workplace::Remote),
        ("work from home", Workplace::Remote),
        ("hybrid", Workplace::Hybrid),
        ("on-site", Workplace::Onsite),
        ("onsite", Workplace::Onsite),
        ("in office", Workplace::Onsite),
    ];
    let lower = text.to_lowercase();
    let mut found = None;
    let mut rest = text.to_string();
    for (word, wp) in WORDS {
        // ASCII lowercasing: `at` must be a place in `rest` too ("İ" grows in lower case).
        if let Some(at) = find_token(&rest.to_ascii_lowercase(), word) {
            // "Flexible" only counts beside "Remote" (The Muse's "Flexible / Remote").
            if word == "flexible" && !lower.contains("remote") {
                continue;
            }
            found = Some(found.map_or(
                wp,
                |f: Workplace| if f == Workplace::Remote { f } else { wp },
            ));
            rest.replace_range(at..at + word.len(), " ");
        }
    }
    let rest = rest.replace(" / ", " ").replace(" - ", " ");
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || "/-|:()".contains(c));
    let rest = rest
        .strip_suffix("only")
        .or_else(|| rest.strip_suffix("Only"))
        .unwrap_or(rest)
        .trim();
    (rest.to_string(), found)
}

fn find_token(hay: &str, word: &str) -> Option<usize> {
    let b = hay.as_bytes();
    hay.match_indices(word).map(|(i, _)| i).find(|&i| {
        let end = i + word.len();
        (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && (end == b.len() || !b[end].is_ascii_alphanumeric())
    })
}

fn is_many_places(s: &str) -> bool {
    s.contains(';') || s.contains(" or ") || s.contains(" | ") || s.contains(" / ")
}

/// Words for areas wider than a country: never a city.
fn is_area_word(s: &str) -> bool {
    let l = s.to_lowercase();
    [
        "anywhere",
        "worldwide",
        "world",
        "global",
        "europe",
        "emea",
        "apac",
        "latam",
        "americas",
        "north america",
        "south america",
        "asia",
        "africa",
        "oceania",
        "international",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// ISO 3166-1 alpha-2 code for a country name, common alias or code.
pub fn country_code(name: &str) -> Option<&'static str> {
    let l = name.trim().trim_end_matches('.').to_lowercase();
    if l.len() == 2 {
        let code = COUNTRIES
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(&l))
            .map(|(code, _)| *code);
        // Two-letter aliases that are not the code ("UK" for GB) are in the names.
        if code.is_some() {
            return code;
        }
    }
    COUNTRIES
        .iter()
        .find(|(_, names)| names.split('|').any(|n| n == l))
        .map(|(code, _)| *code)
}

/// The code of a US state or Canadian province named or coded `region` in `country`.
pub fn region_code(region: &str, country: &str) -> Option<&'static str> {
    region_any(region)
        .filter(|(_, c)| *c == country)
        .map(|(code, _)| code)
}

/// A US state or Canadian province by name or postal code: (code, country).
fn region_any(name: &str) -> Option<(&'static str, &'static str)> {
    let l = name.trim().to_lowercase();
    REGIONS
        .iter()
        .find(|(code, _, names)| code.eq_ignore_ascii_case(&l) || *names == l)
        .map(|(code, country, _)| (*code, *country))
}

const COUNTRIES: &[(&str, &str)] = &[
    (
        "US",
        "united states|usa|u.s|u.s.a|united states of america|america|us only",
    ),
    (
        "GB",
        "united kingdom|uk|u.k|great britain|britain|england|scotland|wales|northern ireland",
    ),
    ("CA", "canada"),
    ("AU", "australia"),
    ("NZ", "new zealand"),
    ("IE", "ireland"),
    ("DE", "germany|deutschland"),
    ("FR", "france"),
    ("ES", "spain|españa"),
    ("PT", "portugal"),
    ("IT", "italy|italia"),
    ("NL", "netherlands|the netherlands|holland"),
    ("BE", "belgium"),
    ("LU", "luxembourg"),
    ("CH", "switzerland"),
    ("AT", "austria"),
    ("SE", "sweden"),
    ("NO", "norway"),
    ("DK", "denmark"),
    ("FI", "finland"),
    ("IS", "iceland"),
    ("PL", "poland"),
    ("CZ", "czech republic|czechia"),
    ("SK", "slovakia"),
    ("HU", "hungary"),
    ("RO", "romania"),
    ("BG", "bulgaria"),
    ("GR", "greece"),
    ("HR", "croatia"),
    ("RS", "serbia"),
    ("SI", "slovenia"),
    ("EE", "estonia"),
    ("LV", "latvia"),
    ("LT", "lithuania"),
    ("UA", "ukraine"),
    ("TR", "turkey|türkiye"),
    ("IL", "israel"),
    ("AE", "united arab emirates|uae"),
    ("SA", "saudi arabia"),
    ("EG", "egypt"),
    ("ZA", "south africa"),
    ("NG", "nigeria"),
    ("KE", "kenya"),
    ("IN", "india"),
    ("PK", "pakistan"),
    ("BD", "bangladesh"),
    ("LK", "sri lanka"),
    ("CN", "china"),
    ("HK", "hong kong"),
    ("TW", "taiwan"),
    ("JP", "japan"),
    ("KR", "south korea|korea"),
    ("SG", "singapore"),
    ("MY", "malaysia"),
    ("TH", "thailand"),
    ("VN", "vietnam|viet nam"),
    ("PH", "philippines"),
    ("ID", "indonesia"),
    ("MX", "mexico|méxico"),
    ("BR", "brazil|brasil"),
    ("AR", "argentina"),
    ("CL", "chile"),
    ("CO", "colombia"),
    ("PE", "peru"),
    ("UY", "uruguay"),
    ("CR", "costa rica"),
    ("PR", "puerto rico"),
    ("JM", "jamaica"),
    ("DO", "dominican republic"),
    ("GT", "guatemala"),
];

const REGIONS: &[(&str, &str, &str)] = &[
    ("AL", "US", "alabama"),
    ("AK", "US", "alaska"),
    ("AZ", "US", "arizona"),
    ("AR", "US", "arkansas"),
    ("CA", "US", "california"),
    ("CO", "US", "colorado"),
    ("CT", "US", "connecticut"),
    ("DE", "US", "delaware"),
    ("DC", "US", "district of columbia"),
    ("FL", "US", "florida"),
    ("GA", "US", "georgia"),
    ("HI", "US", "hawaii"),
    ("ID", "US", "idaho"),
    ("IL", "US", "illinois"),
    ("IN", "US", "indiana"),
    ("IA", "US", "iowa"),
    ("KS", "US", "kansas"),
    ("KY", "US", "kentucky"),
    ("LA", "US", "louisiana"),
    ("ME", "US", "maine"),
    ("MD", "US", "maryland"),
    ("MA", "US", "massachusetts"),
    ("MI", "US", "michigan"),
    ("MN", "US", "minnesota"),
    ("MS", "US", "mississippi"),
    ("MO", "US", "missouri"),
    ("MT", "US", "montana"),
    ("NE", "US", "nebraska"),
    ("NV", "US", "nevada"),
    ("NH", "US", "new hampshire"),
    ("NJ", "US", "new jersey"),
    ("NM", "US", "new mexico"),
    ("NY", "US", "new york"),
    ("NC", "US", "north carolina"),
    ("ND", "US", "north dakota"),
    ("OH", "US", "ohio"),
    ("OK", "US", "oklahoma"),
    ("OR", "US", "oregon"),
    ("PA", "US", "pennsylvania"),
    ("RI", "US", "rhode island"),
    ("SC", "US", "south carolina"),
    ("SD", "US", "south dakota"),
    ("TN", "US", "tennessee"),
    ("TX", "US", "texas"),
    ("UT", "US", "utah"),
    ("VT", "US", "vermont"),
    ("VA", "US", "virginia"),
    ("WA", "US", "washington"),
    ("WV", "US", "west virginia"),
    ("WI", "US", "wisconsin"),
    ("WY", "US", "wyoming"),
    ("AB", "CA", "alberta"),
    ("BC", "CA", "british columbia"),
    ("MB", "CA", "manitoba"),
    ("NB", "CA", "new brunswick"),
    ("NL", "CA", "newfoundland and labrador"),
    ("NS", "CA", "nova scotia"),
    ("NT", "CA", "northwest territories"),
    ("NU", "CA", "nunavut"),
    ("ON", "CA", "ontario"),
    ("PE", "CA", "prince edward island"),
    ("QC", "CA", "quebec"),
    ("SK", "CA", "saskatchewan"),
    ("YT", "CA", "yukon"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn p(
        s: &str,
    ) -> (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<Workplace>,
    ) {
        let p = split_location(s);
        (p.city, p.region, p.country, p.workplace)
    }

    fn o(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    /// A word found in lower case is removed at the same place in the text, even when
    /// lower case is longer ("İ" has three bytes then).
    #[test]
    fn lowercase_that_grows_does_not_move_the_word() {
        let (_, _, _, workplace) = p("İİİİİİ Remote, €€");
        assert_eq!(workplace, Some(Workplace::Remote));
    }

    #[test]
    fn forms() {
        assert_eq!(p("Austin, TX"), (o("Austin"), o("TX"), o("US"), None));
        assert_eq!(
            p("Austin, Texas, United States"),
            (o("Austin"), o("TX"), o("US"), None)
        );
        assert_eq!(
            p("Hybrid - London"),
            (o("London"), None, None, Some(Workplace::Hybrid))
        );
        assert_eq!(
            p("Remote - US"),
            (None, None, o("US"), Some(Workplace::Remote))
        );
        assert_eq!(
            p("Remote (Canada)"),
            (None, None, o("CA"), Some(Workplace::Remote))
        );
        assert_eq!(
            p("London, England, United Kingdom"),
            (o("London"), o("England"), o("GB"), None)
        );
        assert_eq!(
            p("Flexible / Remote"),
            (None, None, None, Some(Workplace::Remote))
        );
        assert_eq!(p("Anywhere in the World"), (None, None, None, None));
        assert_eq!(p("North America Only"), (None, None, None, None));
        assert_eq!(p("USA"), (None, None, o("US"), None));
        assert_eq!(p("Denver, CO"), (o("Denver"), o("CO"), o("US"), None));
        assert_eq!(p("Bogotá, CO, Colombia").2, o("CO"));
        assert_eq!(p("Toronto, ON"), (o("Toronto"), o("ON"), o("CA"), None));
        assert_eq!(
            p("USA, Canada, Argentina, Mexico, Peru"),
            (None, None, None, None)
        );
        assert_eq!(p("London; Stockholm"), (None, None, None, None));
        assert_eq!(p("Leeds, UK"), (o("Leeds"), None, o("GB"), None));
        assert_eq!(p("UK"), (None, None, o("GB"), None));
        assert_eq!(p(""), (None, None, None, None));
    }
}
