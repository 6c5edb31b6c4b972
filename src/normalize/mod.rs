//! Turning what sources write into the schema's values. Every function here is pure.

pub mod date;
pub mod employment;
pub mod keywords;
pub mod location;
pub mod salary;
pub mod text;
pub mod workplace;

use crate::posting::{Posting, Workplace};

/// Fills `location` and the place fields split from it; a workplace named in the text
/// ("Hybrid - London") is used only when no explicit field set one.
pub fn set_location(p: &mut Posting, text: &str) {
    let text = text::clean_inline(text);
    if text.is_empty() {
        return;
    }
    let place = location::split_location(&text);
    p.location = Some(text);
    p.city = place.city.or(p.city.take());
    p.region = place.region.or(p.region.take());
    p.country = place.country.or(p.country.take());
    if p.workplace == Workplace::Unknown {
        if let Some(w) = place.workplace {
            p.workplace = w;
        }
    }
}

/// Fills the place fields from the parts a source gives separately (city, region name or
/// code, country name or ISO code); parts it leaves out, and a country that is no ISO 3166
/// country ("European Union"), keep what `set_location` found. A region that is a US state
/// or Canadian province of the country becomes its code.
pub fn set_place(p: &mut Posting, city: Option<&str>, region: Option<&str>, country: Option<&str>) {
    let clean = |s: Option<&str>| s.map(text::clean_inline).filter(|s| !s.is_empty());
    if let Some(code) = clean(country).and_then(|c| location::country_code(&c)) {
        p.country = Some(code.to_string());
    }
    if let Some(r) = clean(region) {
        let code = p
            .country
            .as_deref()
            .and_then(|c| location::region_code(&r, c));
        p.region = Some(code.map_or(r, str::to_string));
    }
    if let Some(c) = clean(city) {
        p.city = Some(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn place_parts() {
        let mut p = Posting::new("x", "1", Utc::now());
        set_place(&mut p, Some("Toronto"), Some("Ontario"), Some("ca"));
        assert_eq!(
            (p.city.as_deref(), p.region.as_deref(), p.country.as_deref()),
            (Some("Toronto"), Some("ON"), Some("CA"))
        );
        let mut p = Posting::new("x", "1", Utc::now());
        set_place(&mut p, None, Some("NH"), Some("Netherlands"));
        assert_eq!(
            (p.region.as_deref(), p.country.as_deref()),
            (Some("NH"), Some("NL")),
            "a Dutch province code is not New Hampshire"
        );
        let mut p = Posting::new("x", "1", Utc::now());
        set_location(&mut p, "Austin, TX");
        set_place(&mut p, None, None, Some("European Union"));
        assert_eq!(
            (p.city.as_deref(), p.region.as_deref(), p.country.as_deref()),
            (Some("Austin"), Some("TX"), Some("US")),
            "a part that names no country changes nothing"
        );
    }
}
