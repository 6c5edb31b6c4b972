//! Integration tests: one binary (each file directly in tests/ would link its own).
//! Nothing here touches the internet: HTTP goes to local servers on 127.0.0.1.

mod adzuna;
mod ashby;
mod cli;
mod craigslist;
mod fetching;
mod parse;
mod recruitee;
mod scrape;
mod smartrecruiters;
mod support;
mod tags;
mod usajobs;
mod workable;
