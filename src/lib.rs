//! jobtap: fetch job listings from many sources, normalize them into one posting schema,
//! tag them and export them. See ARCHITECTURE.md for the map.

pub mod adapters;
pub mod block;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dedupe;
pub mod definition;
pub mod export;
pub mod fetch;
pub mod filter;
pub mod finish;
pub mod lock;
pub mod normalize;
pub mod notify;
pub mod parallel;
pub mod paths;
pub mod pipeline;
pub mod posting;
pub mod report;
pub mod scrape;
pub mod secrets;
pub mod sheet;
pub mod state;
pub mod tag;
