//! Any job feed: `rss:URL` for RSS 0.9x, 1.0 (RDF) or 2.0, or Atom 0.3 or 1.0. One request,
//! no pagination (feeds carry their latest items); the reading is shared with
//! `weworkremotely` in `feed`.

use super::{feed, url_arg, Adapter, AdapterError, Page, ParseCtx, Request, Search};
use crate::posting::Posting;

pub struct Rss;

impl Adapter for Rss {
    fn request(&self, search: &Search) -> Result<Request, AdapterError> {
        let url = url_arg::arg_url(search, "URL")?;
        Ok(url_arg::retarget(search, &url).into())
    }

    fn parse(&self, body: &[u8], ctx: &ParseCtx) -> Result<Page, AdapterError> {
        feed::parse_page(body, ctx, |_| {})
    }

    fn parse_batches(
        &self,
        body: &[u8],
        ctx: &ParseCtx,
        emit: &mut dyn FnMut(Vec<Posting>),
    ) -> Result<(), AdapterError> {
        feed::parse_batches(body, ctx, |_| {}, emit)
    }
}
