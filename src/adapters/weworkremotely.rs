//! We Work Remotely: a category's RSS feed, `GET /categories/{slug}.rss`, every job remote.
//! Items are read by the shared feed reader; this adds what the site writes its own way:
//! titles as "Company: Title", and `region` (who may apply, "USA Only") as the location.

use super::{feed, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::posting::{Posting, Workplace};

pub struct WeWorkRemotely;

const DEFAULT_CATEGORY: &str = "remote-customer-support-jobs";

impl Adapter for WeWorkRemotely {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let slug = search
            .arg
            .or(search.setting_str("category"))
            .unwrap_or(DEFAULT_CATEGORY);
        let slug = slug.trim().trim_end_matches(".rss");
        Ok(search.url(&format!("categories/{slug}.rss")).into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        feed::parse_page(body, ctx, adjust)
    }

    fn parse_batches(
        &self,
        body: &[u8],
        ctx: &ParseCtx,
        emit: &mut dyn FnMut(Vec<Posting>),
    ) -> Result<(), AdapterError> {
        feed::parse_batches(body, ctx, adjust, emit)
    }
}

/// Titles are "Company: Title", and every job is remote.
fn adjust(p: &mut Posting) {
    if let Some((company, title)) = p.title.split_once(": ") {
        (p.company, p.title) = (Some(company.to_string()), title.to_string());
    }
    p.workplace = Workplace::Remote;
}
