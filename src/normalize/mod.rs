//! Turning what sources write into the schema's values. Every function here is pure.

pub mod date;
pub mod employment;
pub mod location;
pub mod salary;
pub mod text;

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
