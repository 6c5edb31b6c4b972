//! Integration tests: one binary (each file directly in tests/ would link its own).
//! Nothing here touches the internet: HTTP goes to local servers on 127.0.0.1.

mod cli;
mod fetching;
mod list;
mod page;
mod parse;
mod rss;
mod scrape;
mod support;
mod weworkremotely;
