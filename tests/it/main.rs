//! Integration tests: one binary (each file directly in tests/ would link its own).
//! Nothing here touches the internet: HTTP goes to local servers on 127.0.0.1.

mod adzuna;
mod arbeitnow;
mod ashby;
mod cli;
mod craigslist;
mod export;
mod faults;
mod fetching;
mod finishing;
mod golden;
mod himalayas;
mod hn;
mod hostile;
mod jobicy;
mod list;
mod master;
mod page;
mod parse;
mod properties;
mod recruitee;
mod refused;
mod remoteok;
mod robots;
mod rss;
mod saved;
mod scrape;
mod smartrecruiters;
mod state;
mod support;
mod tags;
mod text_fields;
mod themuse;
mod usajobs;
mod weworkremotely;
mod workable;
