//! `page:URL`: one job page that carries schema.org `JobPosting` JSON-LD (most career
//! sites and ATS pages do, for search engines). Read by the shared `jsonld` module.

use super::{jsonld, url_arg, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::normalize::text;

pub struct JobPage;

impl Adapter for JobPage {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let url = url_arg::arg_url(search, "URL")?;
        Ok(url_arg::retarget(search, &url).into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        let html = text::decode_page(body);
        let page = url_arg::body_url(ctx);
        let mut postings = Vec::new();
        for block in jsonld::blocks(&html)? {
            postings.extend(jsonld::extract(&block, ctx, page.as_ref()));
        }
        if postings.is_empty() {
            let page = page.map_or_else(|| "the page".to_string(), |u| u.to_string());
            return Err(AdapterError::Format(format!(
                "no schema.org JobPosting on {page}"
            )));
        }
        Ok(Page {
            postings,
            next: None,
        })
    }
}
