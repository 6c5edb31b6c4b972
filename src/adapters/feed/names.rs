//! Which item field an element is, by its namespace and local name. The core vocabularies
//! (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) come first; a module (content:, Dublin Core, XHTML,
//! Media RSS) fills a field only where the core elements leave it empty, and an element of
//! any other namespace that shares a core name (`media:title`, `szf:description`) is not
//! that field.

use quick_xml::name::{Namespace, ResolveResult};

/// The vocabulary an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocab {
    /// RSS 0.9x, 1.0 or 2.0: no namespace, or one of the namespaces RSS was given.
    Rss,
    Atom,
    /// Atom 0.3, whose text constructs have a `mode` and a MIME `type`.
    Atom03,
    Content,
    Dc,
    DcTerms,
    Xhtml,
    Media,
    Other,
}

impl Vocab {
    pub fn of(ns: &ResolveResult) -> Vocab {
        match ns {
            ResolveResult::Unbound => Vocab::Rss,
            ResolveResult::Bound(Namespace(uri)) => by_uri(uri),
            // A prefix the feed never declared ("dc:creator" with no xmlns:dc, common in
            // hand-made feeds): read as the namespace it conventionally names.
            ResolveResult::Unknown(prefix) => by_prefix(prefix),
        }
    }

    pub fn is_core(self) -> bool {
        matches!(self, Vocab::Rss | Vocab::Atom | Vocab::Atom03)
    }

    pub fn is_atom(self) -> bool {
        matches!(self, Vocab::Atom | Vocab::Atom03)
    }
}

fn by_uri(uri: &[u8]) -> Vocab {
    let uri = uri
        .strip_suffix(b"/")
        .or_else(|| uri.strip_suffix(b"#"))
        .unwrap_or(uri);
    match uri {
        b"http://purl.org/rss/1.0"
        | b"http://my.netscape.com/rdf/simple/0.9"
        | b"http://backend.userland.com/rss2"
        | b"http://blogs.law.harvard.edu/tech/rss"
        | b"http://purl.org/net/rss1.1" => Vocab::Rss,
        b"http://www.w3.org/2005/Atom" => Vocab::Atom,
        b"http://purl.org/atom/ns" => Vocab::Atom03,
        b"http://purl.org/rss/1.0/modules/content" => Vocab::Content,
        b"http://purl.org/dc/elements/1.1" => Vocab::Dc,
        b"http://purl.org/dc/terms" => Vocab::DcTerms,
        b"http://www.w3.org/1999/xhtml" => Vocab::Xhtml,
        b"http://search.yahoo.com/mrss" => Vocab::Media,
        _ => Vocab::Other,
    }
}

fn by_prefix(prefix: &[u8]) -> Vocab {
    match prefix {
        b"rss" => Vocab::Rss,
        b"atom" => Vocab::Atom,
        b"content" => Vocab::Content,
        b"dc" => Vocab::Dc,
        b"dcterms" => Vocab::DcTerms,
        b"xhtml" => Vocab::Xhtml,
        b"media" => Vocab::Media,
        _ => Vocab::Other,
    }
}

/// What an element of an item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Link,
    Id,
    Published,
    Updated,
    Summary,
    Content,
    Category,
    Author,
    // Elements job feeds add to items (We Work Remotely's `region` and `type`, WordPress
    // Job Manager's `job_listing:*`), in whatever namespace they are.
    Company,
    Location,
    JobType,
    Salary,
}

/// The field an element of `vocab` named `local` is, and whether it is a core element
/// (`true`) or a module's stand-in for one.
pub fn field(vocab: Vocab, local: &[u8]) -> Option<(Field, bool)> {
    use Field::*;
    let core = match (vocab, local) {
        (Vocab::Rss | Vocab::Atom | Vocab::Atom03, b"title") => Title,
        (Vocab::Rss | Vocab::Atom | Vocab::Atom03, b"link") => Link,
        (Vocab::Rss, b"guid") | (Vocab::Atom | Vocab::Atom03, b"id") => Id,
        (Vocab::Rss, b"pubDate") | (Vocab::Atom, b"published") | (Vocab::Atom03, b"issued") => {
            Published
        }
        (Vocab::Atom, b"updated") | (Vocab::Atom03, b"modified") => Updated,
        (Vocab::Rss, b"description") | (Vocab::Atom | Vocab::Atom03, b"summary") => Summary,
        (Vocab::Atom | Vocab::Atom03, b"content") | (Vocab::Content, b"encoded") => Content,
        (Vocab::Rss | Vocab::Atom | Vocab::Atom03, b"category") => Category,
        (Vocab::Rss | Vocab::Atom | Vocab::Atom03, b"author") => Author,
        _ => return module(vocab, local).map(|f| (f, false)),
    };
    Some((core, true))
}

fn module(vocab: Vocab, local: &[u8]) -> Option<Field> {
    use Field::*;
    Some(match (vocab, local) {
        (Vocab::Dc | Vocab::Media, b"title") => Title,
        (Vocab::Dc, b"identifier") => Id,
        (Vocab::Dc, b"date") | (Vocab::DcTerms, b"issued" | b"created") => Published,
        (Vocab::Atom03, b"created") => Published,
        (Vocab::DcTerms, b"modified") => Updated,
        (Vocab::Dc | Vocab::Media, b"description") => Summary,
        // XHTML bodies, often written without their namespace, and the `fullitem` of
        // early RSS 2.0 feeds: the full text, where RSS has no element for it.
        (Vocab::Xhtml | Vocab::Rss, b"body") | (Vocab::Xhtml, b"div") => Content,
        (Vocab::Rss, b"fullitem") => Content,
        (Vocab::Dc, b"subject") => Category,
        (Vocab::Dc, b"creator") => Author,
        (_, b"company") => Company,
        (_, b"location" | b"region") => Location,
        (_, b"type" | b"job_type") => JobType,
        (_, b"salary") => Salary,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_names_only_in_core_namespaces() {
        assert_eq!(
            field(Vocab::Rss, b"description"),
            Some((Field::Summary, true))
        );
        assert_eq!(field(Vocab::Other, b"description"), None, "szf:description");
        assert_eq!(field(Vocab::Media, b"title"), Some((Field::Title, false)));
        assert_eq!(field(Vocab::Dc, b"creator"), Some((Field::Author, false)));
        assert_eq!(field(Vocab::Atom, b"guid"), None);
        assert_eq!(
            field(Vocab::Other, b"company"),
            Some((Field::Company, false))
        );
        assert_eq!(by_uri(b"http://purl.org/rss/1.0/"), Vocab::Rss);
        assert_eq!(by_uri(b"http://purl.org/atom/ns#"), Vocab::Atom03);
        assert_eq!(
            Vocab::of(&ResolveResult::Unknown(b"dc".to_vec())),
            Vocab::Dc
        );
    }
}
