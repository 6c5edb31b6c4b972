//! Craigslist's areas and subareas (the AREA in `craigslist:AREA`) and the place each stands
//! for. The table is generated from Craigslist's own area list: area hostname (or subarea
//! code), parent area, place name, region, country.

const TABLE: &str = include_str!("areas.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole area: `/search/area/{hostname}`.
    Area,
    /// Part of an area (`stn`, Staten Island, in `newyork`): `/search/subarea/{code}`.
    Subarea,
}

impl Kind {
    pub fn path(self) -> &'static str {
        match self {
            Kind::Area => "area",
            Kind::Subarea => "subarea",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub code: &'static str,
    pub kind: Kind,
    pub name: &'static str,
    pub region: Option<&'static str>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<&'static str>,
}

impl Area {
    /// The place as one location text: "Madison, WI, US".
    pub fn display(&self) -> String {
        [Some(self.name), self.region, self.country]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An area or subarea by its code. With no `kind`, an area wins over a subarea of the same
/// code (only `csd` is both: Pierre, SD, and the city of San Diego).
pub fn find(code: &str, kind: Option<Kind>) -> Option<Area> {
    let mut found = rows().filter(|a| a.code.eq_ignore_ascii_case(code));
    match kind {
        Some(k) => found.find(|a| a.kind == k),
        None => found.min_by_key(|a| a.kind == Kind::Subarea),
    }
}

fn rows() -> impl Iterator<Item = Area> {
    TABLE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let some = |s: &'static str| (!s.is_empty()).then_some(s);
            let code = cols.next()?;
            let parent = cols.next()?;
            Some(Area {
                code,
                kind: if parent.is_empty() {
                    Kind::Area
                } else {
                    Kind::Subarea
                },
                name: cols.next()?,
                region: cols.next().and_then(some),
                country: cols.next().and_then(some),
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_and_subareas() {
        let a = find("milwaukee", None).unwrap();
        assert_eq!(
            (a.kind, a.display()),
            (Kind::Area, "Milwaukee, WI, US".into())
        );
        assert_eq!(find("BERLIN", None).unwrap().display(), "Berlin, DE");
        let stn = find("stn", None).unwrap();
        assert_eq!(
            (stn.kind, stn.name, stn.region),
            (Kind::Subarea, "Staten Island", Some("NY"))
        );
        // A subarea across a state line keeps its own state.
        assert_eq!(find("jsy", None).unwrap().region, Some("NJ"));
        assert_eq!(find("csd", None).unwrap().name, "Pierre / Central SD");
        assert_eq!(find("csd", Some(Kind::Subarea)).unwrap().name, "San Diego");
        assert_eq!(find("nosuch", None), None);
    }

    #[test]
    fn every_row_is_well_formed() {
        let rows: Vec<Area> = rows().collect();
        assert!(rows.len() > 800, "{}", rows.len());
        let lines = TABLE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(rows.len(), lines);
        for a in rows {
            assert!(!a.name.is_empty() && !a.code.is_empty(), "{a:?}");
            assert!(a.country.is_none_or(|c| c.len() == 2), "{a:?}");
        }
    }
}
